#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: 2026 the virt-ap authors
# GNU Lesser General Public License v2.1+ (see https://www.gnu.org/licenses/lgpl-2.1.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ap_masks
short_description: Set the AP bus masks (apmask, aqmask) of an IBM Z KVM host
description:
  - Sets C(apmask) and C(aqmask), which decide the APQNs the host keeps for itself (zcrypt)
    and those it leaves to vfio_ap for guests, now (C(/sys/bus/ap)), after reboot (the udev
    rule C(/etc/udev/rules.d/41-ap.rules), as C(chzdev -t ap) writes it), or both.
  - Runs C(virt-ap masks --json); virt-ap refuses any change that would hand an APQN an mdev
    holds back to the host, and the module fails with its message. Nothing is written then.
  - Idempotent - C(changed) only when a mask changes in some scope. In check mode virt-ap
    computes the change with C(--dry-run) and writes nothing. With C(--diff) the masks before
    and after are shown, and the APQNs that change hands.
  - The host is read and written under the environment variable C(VIRT_AP_ROOT) when it is
    set, as virt-ap does.
version_added: 0.1.0
author: virt-ap developers
options:
  apmask:
    description:
      - The adapters the host keeps, in zdev syntax - a list of decimal or 0x-hex IDs and
        ranges that replaces the mask (C(0-1,3-255)), or C(+)/C(-) edits of the current mask
        of each scope, applied from left to right (C(-2), C(-0x10-0x1f,+3)).
    type: str
  aqmask:
    description:
      - The usage domains the host keeps, in the syntax of I(apmask) (C(-43)).
    type: str
  scope:
    description:
      - C(active) changes the masks now, C(persistent) after reboot, C(both) both.
    type: str
    choices: [both, active, persistent]
    default: both
requirements:
  - virt-ap on the managed host
notes:
  - Supports check mode and diff mode.
  - An APQN is kept by the host when its adapter bit in apmask and its domain bit in aqmask
    are both set; clearing either hands it to vfio_ap.
seealso:
  - module: virt_ap.s390.ap_facts
  - module: virt_ap.s390.ap_mdev
'''

EXAMPLES = r'''
- name: Give card 02, domain 43 to vfio_ap, now and after reboot
  virt_ap.s390.ap_masks:
    apmask: "-2"
    aqmask: "-43"

- name: Only the masks after reboot; replace the adapter mask
  virt_ap.s390.ap_masks:
    apmask: "0-1,3-255"
    scope: persistent
'''

RETURN = r'''
changed:
  description: Whether a mask changed (would change, in check mode) in some scope.
  returned: always
  type: bool
scopes:
  description: Per scope, each mask before and after (zdev lists), and the APQNs that change hands.
  returned: success
  type: list
  elements: dict
  sample:
    - scope: active
      apmask: {"from": "0-255", "to": "0-1,3-255"}
      aqmask: {"from": "0-255", "to": "0-42,44-255"}
      to_vfio_ap: [{"adapters": "2", "domains": "0-255", "count": 256}, {"adapters": "0-1,3-255", "domains": "43", "count": 255}]
      to_host: []
problems:
  description: virt-ap's problems (rule, severity, apqns, other, message, remedy); on refusal the errors.
  returned: always
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.virt_ap.s390.plugins.module_utils.virt_ap import VirtAP, exit_change

MASKS = ('apmask', 'aqmask')


def rects_text(scope, direction, rects):
    return ['%s: %s: adapters %s x domains %s (%d APQN%s)'
            % (scope, direction, r['adapters'], r['domains'], r['count'], '' if r['count'] == 1 else 's')
            for r in rects or []]


def make_diff(result):
    """The masks of each scope before and after; the APQNs changing hands."""
    before, after, moves = [], [], []
    for scope in result.get('scopes', []):
        for mask in MASKS:
            if mask in scope:
                before.append('%s %s: %s' % (scope['scope'], mask, scope[mask]['from']))
                after.append('%s %s: %s' % (scope['scope'], mask, scope[mask]['to']))
        moves += rects_text(scope['scope'], 'host -> vfio_ap', scope.get('to_vfio_ap'))
        moves += rects_text(scope['scope'], 'vfio_ap -> host', scope.get('to_host'))
    diff = dict(before='\n'.join(before) + '\n', after='\n'.join(after) + '\n',
                before_header='AP masks', after_header='AP masks')
    if moves:
        diff['prepared'] = '\n'.join(moves) + '\n'
    return diff


def main():
    module = AnsibleModule(
        argument_spec=dict(
            apmask=dict(type='str'),
            aqmask=dict(type='str'),
            scope=dict(type='str', default='both', choices=['both', 'active', 'persistent']),
        ),
        required_one_of=[MASKS],
        supports_check_mode=True,
    )
    args = ['masks']
    if module.params['scope'] != 'both':
        args.append('--' + module.params['scope'])
    if module.check_mode:
        args.append('--dry-run')
    args.append('--json')
    args += ['%s=%s' % (m, module.params[m]) for m in MASKS if module.params[m] is not None]

    exit_change(module, VirtAP(module).json(args, refusal_ok=True), make_diff)


if __name__ == '__main__':
    main()
