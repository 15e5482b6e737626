/** How staff data reads on the staff pages. */
import { PLACE_LEVEL_LABELS, STAFF_ROLE_LABELS, type PlaceRef, type StaffRole } from '../../domain';

export function roleLabel(role: StaffRole): string {
  return STAFF_ROLE_LABELS[role];
}

/** `第一网格、第二网格` */
export function scopeText(scope: readonly PlaceRef[]): string {
  return scope.length === 0 ? '未分配' : scope.map((p) => p.name).join('、');
}

/** `第一网格（网格）` — for pickers, where places of several levels sit side by side */
export function placeLabel(place: PlaceRef): string {
  return `${place.name}（${PLACE_LEVEL_LABELS[place.level]}）`;
}
