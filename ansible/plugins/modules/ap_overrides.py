#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: 2026 the virt-ap authors
# GNU Lesser General Public License v2.1+ (see https://www.gnu.org/licenses/lgpl-2.1.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ap_overrides
short_description: Hand AP queues to vfio_ap one by one (Linux 6.19 driver_override)
description:
  - On Linux 6.19 and later a host may leave both AP masks all ones and hand single queues
    to vfio_ap through each queue's C(driver_override), now, and after reboot through
    driverctl's files (C(/etc/driverctl.d/ap-AA.DDDD)), which driverctl's udev rule applies
    at boot. This module is the override-mode counterpart of M(virt_ap.s390.ap_masks).
  - Runs C(virt-ap overrides --json); virt-ap refuses to take a queue from an active mdev
    or a definition, and refuses while the masks of the scope are not all ones; the module
    fails with its message. Nothing is written then.
  - Idempotent - C(changed) only when some queue's override changes in some scope. In check
    mode virt-ap computes the change with C(--dry-run) and writes nothing. With C(--diff)
    each queue's override before and after is shown.
  - The host is read and written under the environment variable C(VIRT_AP_ROOT) when it is
    set, as virt-ap does.
version_added: 0.1.0
author: virt-ap developers
options:
  vfio_ap:
    description:
      - Queues to hand to vfio_ap, as sysfs names them (C(01.002b)).
    type: list
    elements: str
  default:
    description:
      - Queues to give back to the default (zcrypt) driver.
    type: list
    elements: str
  scope:
    description:
      - C(active) changes the queues' C(driver_override) now, C(persistent) driverctl's
        files for the next boot, C(both) both.
    type: str
    choices: [both, active, persistent]
    default: both
requirements:
  - virt-ap on the managed host; Linux 6.19 or later; driverctl for the persistent scope
notes:
  - Supports check mode and diff mode.
seealso:
  - module: virt_ap.s390.ap_masks
  - module: virt_ap.s390.ap_mdev
'''

EXAMPLES = r'''
- name: Hand queue 01.002b to vfio_ap, now and after reboot
  virt_ap.s390.ap_overrides:
    vfio_ap: [01.002b]

- name: Give queue 01.002c back to zcrypt after reboot only
  virt_ap.s390.ap_overrides:
    default: [01.002c]
    scope: persistent
'''

RETURN = r'''
changed:
  description: Whether some queue's override changed (would change, in check mode).
  returned: always
  type: bool
scopes:
  description: Per scope, each queue asked for, its override (and, active, its driver) before, and after.
  returned: success
  type: list
  elements: dict
  sample:
    - scope: persistent
      queues: [{"queue": "01.002b", "from": null, "to": "vfio_ap", "changes": true}]
problems:
  description: virt-ap's problems (rule, severity, apqns, other, message, remedy); on refusal the errors.
  returned: always
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.virt_ap.s390.plugins.module_utils.virt_ap import VirtAP, exit_change


def none_text(value):
    return value if value else '-'


def make_diff(result):
    """Each queue's override before and after, per scope."""
    before, after = [], []
    for scope in result.get('scopes', []):
        for queue in scope.get('queues', []):
            before.append('%s %s: %s' % (scope['scope'], queue['queue'], none_text(queue.get('from'))))
            after.append('%s %s: %s' % (scope['scope'], queue['queue'], none_text(queue.get('to'))))
    return dict(before='\n'.join(before) + '\n', after='\n'.join(after) + '\n',
                before_header='AP queue overrides', after_header='AP queue overrides')


def main():
    module = AnsibleModule(
        argument_spec=dict(
            vfio_ap=dict(type='list', elements='str'),
            default=dict(type='list', elements='str'),
            scope=dict(type='str', default='both', choices=['both', 'active', 'persistent']),
        ),
        required_one_of=[('vfio_ap', 'default')],
        supports_check_mode=True,
    )
    args = ['overrides']
    if module.params['scope'] != 'both':
        args.append('--' + module.params['scope'])
    if module.check_mode:
        args.append('--dry-run')
    args.append('--json')
    for key in ('vfio_ap', 'default'):
        if module.params[key]:
            args.append('%s=%s' % (key, ','.join(module.params[key])))

    exit_change(module, VirtAP(module).json(args, refusal_ok=True), make_diff)


if __name__ == '__main__':
    main()
