#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: 2026 the virt-ap authors
# GNU Lesser General Public License v2.1+ (see https://www.gnu.org/licenses/lgpl-2.1.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ap_facts
short_description: The AP (crypto) picture of an IBM Z KVM host as facts
description:
  - Runs C(virt-ap status --json) on the host and returns what it reports as the fact
    C(virt_ap) - the AP masks (active and persistent), the crypto cards, every APQN with
    its owner (the host, vfio_ap, an mdev), every vfio_ap mdev with its guests.
  - The host is read under the environment variable C(VIRT_AP_ROOT) when it is set, as
    virt-ap reads it.
version_added: 0.1.0
author: virt-ap developers
options:
  uri:
    description:
      - libvirt connection URI for the guests that use each mdev, as for C(virsh -c).
      - Without it virt-ap uses libvirt's default; when libvirt cannot be reached the facts
        say so in C(virt_ap.libvirt) and the rest is still reported.
    type: str
requirements:
  - virt-ap on the managed host
notes:
  - Supports check mode; it changes nothing.
seealso:
  - module: virt_ap.s390.ap_masks
  - module: virt_ap.s390.ap_mdev
'''

EXAMPLES = r'''
- name: Gather the AP picture
  virt_ap.s390.ap_facts:

- name: Show which APQNs are free for vfio_ap
  ansible.builtin.debug:
    msg: "{{ ansible_facts.virt_ap.apqns | selectattr('owner', 'equalto', 'free') | map(attribute='apqn') | list }}"
'''

RETURN = r'''
ansible_facts:
  description: Facts to add to ansible_facts.
  returned: always
  type: complex
  contains:
    virt_ap:
      description: What C(virt-ap status --json) reports, as it reports it.
      returned: always
      type: complex
      contains:
        masks:
          description: apmask and aqmask, C(active) and C(persistent), each as C(ids) (zdev list) and C(mask) (kernel form); the persistent ones with their C(source).
          type: dict
          sample: {"apmask": {"active": {"ids": "0-1,3-255", "mask": "0xdfff..."}, "persistent": {"ids": "0-1,3-255", "mask": "0xdfff...", "source": "rule"}}}
        cards:
          description: The crypto cards (adapter, type, hwtype, online, passthrough).
          type: list
          elements: dict
        apqns:
          description: Every APQN with its owner (C(host), C(free), C(mdev)), the mdev holding it and the definition naming it.
          type: list
          elements: dict
          sample: [{"apqn": "02.002b", "adapter": 2, "domain": 43, "present": true, "owner": "mdev", "mdev": "d36d7d0f-cf3d-4fef-bb9c-ed393954996b", "defined_in": "d36d7d0f-cf3d-4fef-bb9c-ed393954996b"}]
        mdevs:
          description: Every vfio_ap mdev (uuid, active, defined, autostart, apqns, control_domains, guests).
          type: list
          elements: dict
        libvirt:
          description: Whether libvirt was reachable for the guests, and its error if not.
          type: dict
          sample: {"reachable": true, "error": null}
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.virt_ap.s390.plugins.module_utils.virt_ap import VirtAP


def main():
    module = AnsibleModule(
        argument_spec=dict(uri=dict(type='str')),
        supports_check_mode=True,
    )
    args = ['status', '--json']
    if module.params['uri']:
        args += ['-c', module.params['uri']]
    status = VirtAP(module).json(args)
    module.exit_json(changed=False, ansible_facts=dict(virt_ap=status))


if __name__ == '__main__':
    main()
