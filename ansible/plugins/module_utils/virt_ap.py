# -*- coding: utf-8 -*-
# Copyright: 2026 the virt-ap authors
# GNU Lesser General Public License v2.1+ (see https://www.gnu.org/licenses/lgpl-2.1.txt)
"""Running the installed virt-ap with --json, for the modules of virt_ap.s390.

The modules hold no copy of virt-ap's rules: every verdict comes from virt-ap
itself.  virt-ap reads the host under VIRT_AP_ROOT (else MDEVCTL_ENV_ROOT,
else /); it inherits the module's environment, so a play's `environment:`
reaches it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

# virt-ap's exit codes (virt-ap(1))
EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_HOST = 2
EXIT_USAGE = 3


class VirtAP(object):
    """The installed virt-ap, run by one module."""

    def __init__(self, module):
        self.module = module
        self.path = module.get_bin_path('virt-ap', required=True)

    def run(self, args):
        """virt-ap ARGS; returns (rc, parsed JSON or None, stdout, stderr)."""
        rc, out, err = self.module.run_command([self.path] + list(args))
        try:
            parsed = json.loads(out) if out.strip() else None
        except ValueError:
            parsed = None
        return rc, parsed, out, err

    def fail(self, args, rc, out, err, **extra):
        """Fails the module with virt-ap's own message: stderr, else stdout."""
        message = err.strip() or out.strip() or 'virt-ap exited with status %d' % rc
        self.module.fail_json(msg=message, rc=rc, cmd=[self.path] + list(args),
                              stdout=out, stderr=err, **extra)

    def json(self, args, refusal_ok=False):
        """virt-ap ARGS (with --json among them); returns the parsed object.

        Exit 0 is success; exit 1 (refused) too when refusal_ok, as long as
        virt-ap printed its JSON object with the errors that refuse.  Anything else fails the module with
        virt-ap's message.
        """
        rc, parsed, out, err = self.run(args)
        if rc == EXIT_OK and isinstance(parsed, dict):
            return parsed
        if rc == EXIT_REFUSED and refusal_ok and isinstance(parsed, dict) and \
                errors(parsed.get('problems')):
            return parsed
        self.fail(args, rc, out, err)


def errors(problems):
    """The problems that refuse (severity error)."""
    return [p for p in problems or [] if p.get('severity') == 'error']


def warnings(problems):
    return [p for p in problems or [] if p.get('severity') != 'error']


def exit_change(module, result, make_diff):
    """Ends a module that ran a change verb (masks, overrides) with --json:
    fails with virt-ap's errors (nothing was written), else exits with
    changed, scopes and problems, warnings shown, the diff when asked for."""
    problems = result.get('problems', [])
    for problem in warnings(problems):
        module.warn(problems_message([problem]))
    if errors(problems):
        module.fail_json(msg=problems_message(errors(problems)), changed=False,
                         problems=problems, scopes=result.get('scopes', []))
    response = dict(changed=bool(result.get('changed')), scopes=result.get('scopes', []),
                    problems=problems)
    if module._diff and response['changed']:
        response['diff'] = make_diff(result)
    module.exit_json(**response)


def problems_message(problems):
    """The problems as virt-ap prints them, "MESSAGE; REMEDY", one a line."""
    lines = []
    for problem in problems:
        line = problem.get('message', '')
        if problem.get('remedy'):
            line += '; ' + problem['remedy']
        lines.append(line)
    return '\n'.join(lines)
