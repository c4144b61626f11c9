#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: 2026 the virt-ap authors
# GNU Lesser General Public License v2.1+ (see https://www.gnu.org/licenses/lgpl-2.1.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ap_mdev
short_description: A vfio_ap mediated device (AP crypto passthrough) on an IBM Z KVM host
description:
  - Defines, changes, starts, stops and removes the vfio_ap-passthrough mdev I(uuid) with
    the adapters, usage domains and control domains given, through mdevctl or libvirt.
  - Before anything is defined or started, and in check mode too, the definition is judged
    by virt-ap's policy (C(virt-ap validate --json)) - the host's AP masks now and after
    reboot, every other definition and active mdev. A clash fails the task with virt-ap's
    message, which names the APQN and the other party (an mdev, a definition, the masks);
    warnings (an overlap with a manual definition) are shown as warnings.
  - When mdevctl or libvirt itself refuses (through the virt-ap-check callout, or the
    kernel), the task fails with that tool's message verbatim.
  - The host is read under the environment variable C(VIRT_AP_ROOT) when it is set, as
    virt-ap does; mdevctl then gets it as C(MDEVCTL_ENV_ROOT) unless that is set.
version_added: 0.1.0
author: virt-ap developers
options:
  uuid:
    description: The mdev's UUID.
    type: str
    required: true
  adapters:
    description: Adapter IDs (decimal or 0x-hex; a leading zero fails the task, the kernel would read it as octal), each assigned with C(assign_adapter).
    type: list
    elements: str
    default: []
  domains:
    description: Usage domain IDs, each assigned with C(assign_domain).
    type: list
    elements: str
    default: []
  control_domains:
    description: Control domain IDs, each assigned with C(assign_control_domain).
    type: list
    elements: str
    default: []
  autostart:
    description: Whether the mdev starts at boot (mdevctl C(start=auto), libvirt autostart).
    type: bool
    default: false
  state:
    description:
      - C(present) - defined with these attributes (a running device keeps its matrix until
        its next start).
      - C(started) - defined and active; C(stopped) - defined and not active.
      - C(absent) - stopped if active, and undefined.
    type: str
    choices: [present, absent, started, stopped]
    default: present
  backend:
    description: Through C(mdevctl) or through libvirt's node device API (C(virsh)).
    type: str
    choices: [mdevctl, libvirt]
    default: mdevctl
  uri:
    description: libvirt connection URI (backend C(libvirt)), as for C(virsh -c).
    type: str
requirements:
  - virt-ap on the managed host
  - mdevctl, or virsh (libvirt-clients) for the libvirt backend
notes:
  - Supports check mode and diff mode.
  - A changed definition is replaced (undefined, then defined; mdevctl 1.2 and libvirt 9
    cannot update one in place); if the new one is refused the old one is defined again.
seealso:
  - module: virt_ap.s390.ap_masks
  - module: virt_ap.s390.ap_facts
'''

EXAMPLES = r'''
- name: Card 02, domain 43 for a guest, started now and at boot
  virt_ap.s390.ap_mdev:
    uuid: 8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11
    adapters: [2]
    domains: ["0x2b"]
    control_domains: ["0x2b"]
    autostart: true
    state: started

- name: The same through libvirt
  virt_ap.s390.ap_mdev:
    uuid: 8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11
    adapters: [2]
    domains: [43]
    backend: libvirt
    uri: qemu:///system
    state: present

- name: Gone
  virt_ap.s390.ap_mdev:
    uuid: 8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11
    state: absent
'''

RETURN = r'''
uuid:
  description: The mdev's UUID.
  returned: always
  type: str
actions:
  description: What was done (would be done, in check mode), in order - define, undefine, replace, autostart, manual, start, stop.
  returned: always
  type: list
  elements: str
  sample: [define, start]
definition:
  description: The definition asked for, in mdevctl's JSON form.
  returned: unless state is absent
  type: dict
  sample: {"mdev_type": "vfio_ap-passthrough", "start": "auto", "attrs": [{"assign_adapter": "0x02"}, {"assign_domain": "0x002b"}]}
problems:
  description: virt-ap's problems with the definition (rule, severity, apqns, other, message, remedy).
  returned: always
  type: list
  elements: dict
'''

import json
import os
import re
import xml.etree.ElementTree as ET

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.virt_ap.s390.plugins.module_utils.virt_ap import (
    VirtAP, errors, warnings, problems_message)

MDEV_TYPE = 'vfio_ap-passthrough'
PARENT = 'matrix'
# option, attribute, how the module writes an ID
ATTRS = (('adapters', 'assign_adapter', '0x%02x'),
         ('domains', 'assign_domain', '0x%04x'),
         ('control_domains', 'assign_control_domain', '0x%04x'))


def parse_id(text):
    """An ID written in decimal or 0x-hex, as virt-ap takes it; None for
    anything else (leading zeros, which the kernel reads as octal, too)."""
    text = str(text).strip().lower()
    if re.match(r'^0x[0-9a-f]+$', text):
        return int(text, 16)
    if re.match(r'^(0|[1-9][0-9]*)$', text):
        return int(text)
    return None


def wanted_attrs(module, params):
    """The attrs to define, IDs in 0x-hex; a value that is no ID goes as it
    is, for virt-ap to refuse with its own message.  An ID with a leading
    zero fails the task: the kernel would read it as octal, and a playbook
    that writes 043 almost always means 43."""
    attrs = []
    for option, attr, fmt in ATTRS:
        for value in params[option]:
            if re.match(r'^0[0-7]+$', str(value).strip()):
                module.fail_json(msg="%s: ID '%s' has a leading zero: the kernel would read it as octal %d; "
                                     "write %d or 0x%x if that is meant, or drop the zero"
                                 % (option, value, int(str(value).strip(), 8), int(str(value).strip(), 8),
                                    int(str(value).strip(), 8)))
            number = parse_id(value)
            attrs.append({attr: fmt % number if number is not None and number <= 255 else str(value)})
    return attrs


def matrix(attrs):
    """The set of (attribute, ID) of a definition made of assign_* attrs only,
    None for anything else (then it is replaced rather than compared)."""
    known = set(attr for _, attr, _ in ATTRS)
    found = set()
    for item in attrs or []:
        if not isinstance(item, dict) or len(item) != 1:
            return None
        (name, value), = item.items()
        number = parse_id(value)
        if name not in known or number is None:
            return None
        found.add((name, number))
    return found


class CommandError(Exception):
    def __init__(self, cmd, rc, out, err):
        Exception.__init__(self, err.strip() or out.strip() or '%s exited with status %d' % (cmd[0], rc))
        self.cmd, self.rc, self.out, self.err = cmd, rc, out, err


class Mdevctl(object):
    """Definitions and devices through mdevctl."""

    def __init__(self, module):
        self.module = module
        self.path = module.get_bin_path('mdevctl', required=True)
        self.env = {}
        if os.environ.get('VIRT_AP_ROOT') and not os.environ.get('MDEVCTL_ENV_ROOT'):
            self.env['MDEVCTL_ENV_ROOT'] = os.environ['VIRT_AP_ROOT']

    def run(self, args, data=None):
        cmd = [self.path] + args
        rc, out, err = self.module.run_command(cmd, data=data, binary_data=data is not None,
                                               environ_update=self.env)
        if rc != 0:
            raise CommandError(cmd, rc, out, err)
        return out

    def dump(self, uuid, defined):
        args = ['list', '--dumpjson', '-u', uuid, '-p', PARENT]
        out = self.run(args + ['--defined'] if defined else args)
        config = json.loads(out) if out.strip() else None
        # one device: its config; none: an empty list
        return config if isinstance(config, dict) else None

    def read(self, uuid):
        config = self.dump(uuid, defined=True)
        return dict(defined=config is not None,
                    autostart=bool(config) and config.get('start') == 'auto',
                    attrs=config.get('attrs', []) if config else [],
                    active=self.dump(uuid, defined=False) is not None)

    def define(self, uuid, config):
        self.run(['define', '-u', uuid, '-p', PARENT, '--jsonfile', '/dev/stdin'], data=json.dumps(config))

    def undefine(self, uuid):
        self.run(['undefine', '-u', uuid, '-p', PARENT])

    def autostart(self, uuid, on):
        self.run(['modify', '-u', uuid, '-p', PARENT, '--auto' if on else '--manual'])

    def start(self, uuid):
        self.run(['start', '-u', uuid, '-p', PARENT])

    def stop(self, uuid):
        self.run(['stop', '-u', uuid])


class Libvirt(object):
    """Definitions and devices through libvirt's node device API (virsh)."""

    def __init__(self, module):
        self.module = module
        self.path = module.get_bin_path('virsh', required=True)
        self.uri = module.params['uri']

    @staticmethod
    def name(uuid):
        return 'mdev_%s_%s' % (uuid.replace('-', '_'), PARENT)

    def run(self, args, check=True):
        cmd = [self.path, '-q'] + (['-c', self.uri] if self.uri else []) + args
        rc, out, err = self.module.run_command(cmd)
        if rc != 0 and check:
            raise CommandError(cmd, rc, out, err)
        return rc, out, err

    def read(self, uuid):
        rc, out, err = self.run(['nodedev-info', self.name(uuid)], check=False)
        if rc != 0:
            if 'could not find' in err.lower():
                return dict(defined=False, autostart=False, attrs=[], active=False)
            raise CommandError(['virsh', 'nodedev-info'], rc, out, err)
        info = {}
        for line in out.splitlines():
            key, sep, value = line.partition(':')
            if sep:
                info[key.strip().lower()] = value.strip().lower() == 'yes'
        attrs = []
        if info.get('persistent'):
            xml = self.run(['nodedev-dumpxml', self.name(uuid)])[1]
            for attr in ET.fromstring(xml).findall("./capability[@type='mdev']/attr"):
                attrs.append({attr.get('name'): attr.get('value')})
        return dict(defined=bool(info.get('persistent')), autostart=bool(info.get('autostart')),
                    attrs=attrs, active=bool(info.get('active')))

    def define(self, uuid, config):
        device = ET.Element('device')
        ET.SubElement(device, 'parent').text = 'ap_' + PARENT
        cap = ET.SubElement(device, 'capability', type='mdev')
        ET.SubElement(cap, 'type', id=MDEV_TYPE)
        ET.SubElement(cap, 'uuid').text = uuid
        for item in config['attrs']:
            (name, value), = item.items()
            ET.SubElement(cap, 'attr', name=name, value=value)
        path = os.path.join(self.module.tmpdir, '%s.xml' % uuid)
        with open(path, 'wb') as f:
            f.write(ET.tostring(device))
        self.run(['nodedev-define', path])
        if config['start'] == 'auto':
            self.autostart(uuid, True)

    def undefine(self, uuid):
        self.run(['nodedev-undefine', self.name(uuid)])

    def autostart(self, uuid, on):
        self.run(['nodedev-autostart', self.name(uuid)] + ([] if on else ['--disable']))

    def start(self, uuid):
        self.run(['nodedev-start', self.name(uuid)])

    def stop(self, uuid):
        self.run(['nodedev-destroy', self.name(uuid)])


def validate(module, virt_ap, uuid, config, scope, result):
    """virt-ap's verdict on the definition; the module fails on refusal."""
    path = os.path.join(module.tmpdir, uuid)  # named as mdevctl names its files
    with open(path, 'w') as f:
        json.dump(config, f)
    verdict = virt_ap.json(['validate', '--json', '--scope=' + scope, '--uuid=' + uuid, path],
                           refusal_ok=True)
    result['problems'] += verdict.get('problems', [])
    if errors(result['problems']) or verdict.get('verdict') == 'refused':
        module.fail_json(msg=problems_message(errors(result['problems'])), **result)


def plan(state, autostart, current, attrs):
    """The actions that bring @current to @state."""
    actions = []
    if state == 'absent':
        if current['active']:
            actions.append('stop')
        if current['defined']:
            actions.append('undefine')
        return actions
    if not current['defined']:
        actions.append('define')
    elif matrix(current['attrs']) is None or matrix(current['attrs']) != matrix(attrs):
        actions.append('replace')
    elif current['autostart'] != autostart:
        actions.append('autostart' if autostart else 'manual')
    if state == 'started' and not current['active']:
        actions.append('start')
    if state == 'stopped' and current['active']:
        actions.append('stop')
    return actions


def describe(current):
    if not current['defined']:
        return '' if not current['active'] else 'active, not defined\n'
    config = dict(mdev_type=MDEV_TYPE, start='auto' if current['autostart'] else 'manual',
                  attrs=current['attrs'])
    return json.dumps(config, indent=2) + '\n'


def main():
    module = AnsibleModule(
        argument_spec=dict(
            uuid=dict(type='str', required=True),
            adapters=dict(type='list', elements='str', default=[]),
            domains=dict(type='list', elements='str', default=[]),
            control_domains=dict(type='list', elements='str', default=[]),
            autostart=dict(type='bool', default=False),
            state=dict(type='str', default='present', choices=['present', 'absent', 'started', 'stopped']),
            backend=dict(type='str', default='mdevctl', choices=['mdevctl', 'libvirt']),
            uri=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    uuid = params['uuid'].lower()
    backend = Mdevctl(module) if params['backend'] == 'mdevctl' else Libvirt(module)
    virt_ap = VirtAP(module)
    attrs = wanted_attrs(module, params)
    config = dict(mdev_type=MDEV_TYPE, start='auto' if params['autostart'] else 'manual', attrs=attrs)
    result = dict(uuid=uuid, changed=False, actions=[], problems=[])
    if params['state'] != 'absent':
        result['definition'] = config

    try:
        current = backend.read(uuid)
    except CommandError as e:
        module.fail_json(msg=str(e), cmd=e.cmd, rc=e.rc, stderr=e.err, **result)
    actions = result['actions'] = plan(params['state'], params['autostart'], current, attrs)

    # virt-ap's verdict before anything is done, in check mode too
    if set(actions) & set(['define', 'replace', 'autostart']):
        validate(module, virt_ap, uuid, config, 'define', result)
    if 'start' in actions:
        validate(module, virt_ap, uuid, config, 'start', result)
    for problem in warnings(result['problems']):
        module.warn(problems_message([problem]))
    result['changed'] = bool(actions)
    if module._diff and actions:
        after = dict(current, defined=params['state'] != 'absent', autostart=params['autostart'], attrs=attrs)
        result['diff'] = dict(before=describe(current), after=describe(after) if params['state'] != 'absent' else '',
                              before_header='mdev %s' % uuid, after_header='mdev %s' % uuid)
    if module.check_mode:
        module.exit_json(**result)

    done = []
    try:
        for action in actions:
            if action == 'define':
                backend.define(uuid, config)
            elif action == 'replace':
                replace(backend, uuid, current, config)
                if current['active']:
                    module.warn('mdev %s is active with its previous matrix: the new definition '
                                'takes effect at its next start' % uuid)
            elif action in ('autostart', 'manual'):
                backend.autostart(uuid, action == 'autostart')
            elif action == 'start':
                backend.start(uuid)
            elif action == 'stop':
                backend.stop(uuid)
            elif action == 'undefine':
                backend.undefine(uuid)
            done.append(action)
    except CommandError as e:
        result['actions'] = done
        result['changed'] = bool(done)
        module.fail_json(msg=str(e), cmd=e.cmd, rc=e.rc, stderr=e.err, stdout=e.out, **result)
    module.exit_json(**result)


def replace(backend, uuid, current, config):
    """Undefine, then define the new definition; the old one comes back if the
    new one is refused."""
    backend.undefine(uuid)
    try:
        backend.define(uuid, config)
    except CommandError:
        old = dict(mdev_type=MDEV_TYPE, start='auto' if current['autostart'] else 'manual',
                   attrs=current['attrs'])
        try:
            backend.define(uuid, old)
        except CommandError:
            pass
        raise


if __name__ == '__main__':
    main()
