/** Demo identities of the local cloud's login. Their openids stand in for WeChat's. */
export type PersonaName = 'resident' | 'resident2' | 'resident3' | 'worker' | 'admin';

export interface Persona {
  persona: PersonaName;
  openid: string;
  displayName: string;
  role: 'resident' | 'worker' | 'admin';
}

export const PERSONAS: Record<PersonaName, Persona> = {
  resident: { persona: 'resident', openid: 'o_local_resident_1', displayName: '居民 张先生', role: 'resident' },
  resident2: { persona: 'resident2', openid: 'o_local_resident_2', displayName: '居民 刘女士', role: 'resident' },
  resident3: { persona: 'resident3', openid: 'o_local_resident_3', displayName: '居民 陈先生', role: 'resident' },
  worker: { persona: 'worker', openid: 'o_local_worker_1', displayName: '网格员 李网格（第一网格）', role: 'worker' },
  admin: { persona: 'admin', openid: 'o_local_admin_1', displayName: '社区管理员 王书记', role: 'admin' },
};

export function isPersonaName(value: unknown): value is PersonaName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PERSONAS, value);
}
