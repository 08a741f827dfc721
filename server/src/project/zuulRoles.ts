import { extensionInfo } from './extensionRegistry';
import type { RegistryExtras } from '../rst/registry';

/**
 * Zuul's role documentation. zuul_sphinx's `.. zuul:autoroles::` and `.. zuul:autorole::` read
 * `roles/<name>/README.rst` in the folder of the repository's Zuul configuration (`zuul.yaml`, `.zuul.yaml`,
 * `zuul.d` or `.zuul.d`) and parse it inside a `.. zuul:role::` (openstack-infra/zuul-sphinx@a1fdd2161656
 * zuul_sphinx/zuul.py: `find_zuul_yaml`, `find_zuul_roles`, `generate_zuul_role_content`). Such a file outside
 * every Sphinx project, and a `.rst` fragment beside it that READMEs include, is read with zuul_sphinx's
 * directives and roles (`.. zuul:rolevar::`), as written for it; so is a README of its `playbooks` folder.
 */

const ZUUL_CONFIGS = ['zuul.yaml', '.zuul.yaml', 'zuul.d', '.zuul.d'];
const ROLE_DOCUMENT = /^(.*\/)(?:roles\/[^/]+|playbooks(?:\/[^/]+)*)\/[^/]+\.rst$/;

/**
 * Whether `uri` is a `.rst` file of a role's folder beside a Zuul configuration: `roles/<name>/README.rst`, or a
 * fragment READMEs include (openstack-helm-images' `roles/build-container-image/common.rst`, which three role
 * READMEs include, written with zuul_sphinx's names as they are); or of its `playbooks` folder, whose READMEs
 * describe a job's variables with `.. zuul:jobvar::` (openstack-zuul-jobs' `playbooks/fips/README.rst`).
 */
export function isZuulRoleDocument(uri: string, exists: (uri: string) => boolean): boolean {
  const m = ROLE_DOCUMENT.exec(uri);
  return !!m && ZUUL_CONFIGS.some((c) => exists(m[1] + c));
}

let extras: RegistryExtras | undefined;
/** zuul_sphinx's directives and roles, as a project loading it has them. */
export function zuulRoleExtras(): RegistryExtras {
  if (!extras) {
    const info = extensionInfo('zuul_sphinx');
    extras = { directives: info ? info.directives.map((d) => ({ ...d })) : [], roles: info ? [...info.roles] : [] };
  }
  return extras;
}
