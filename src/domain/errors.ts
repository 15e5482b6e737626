/**
 * Stable error codes (for programs) with their Chinese messages (for people).
 * Declared once here; functions, pages and tests all use these constants.
 */
export const ErrorCodes = {
  // caller / platform
  UNAUTHENTICATED: '未获取到微信身份，请重新进入小程序后再试',
  FORBIDDEN: '无权进行此操作',
  UNKNOWN_ACTION: '不支持的操作',
  BAD_REQUEST: '请求格式不正确',
  PAYLOAD_TOO_LARGE: '提交内容过大，请精简后再试',
  INTERNAL: '系统繁忙，请稍后再试',
  NOT_FOUND: '记录不存在或已删除',
  CONFLICT: '记录已被他人处理，请刷新后再试',
  /** the local cloud's persona login when it does not run in demo mode */
  DEMO_MODE_OFF: '演示身份登录仅在演示模式下可用（GRIDLINK_DEMO=1，npm run demo）',
  // input validation
  UNKNOWN_FIELD: '包含无法识别的字段',
  REQUIRED: '必填项未填写',
  TOO_LONG: '内容过长',
  TOO_SHORT: '内容过短',
  INVALID_TYPE: '格式不正确',
  INVALID_ENUM: '选项不在可选范围内',
  OUT_OF_RANGE: '数值超出允许范围',
  INVALID_DATE: '日期格式不正确',
  DATE_IN_FUTURE: '日期不能晚于今天',
  DATE_TOO_OLD: '日期过早，请核对',
  ID_CARD_FORMAT: '身份证号应为18位，最后一位可以是数字或X',
  ID_CARD_REGION: '身份证号的地区码不正确',
  ID_CARD_BIRTH_DATE: '身份证号中的出生日期不正确',
  ID_CARD_FUTURE_BIRTH: '身份证号中的出生日期晚于今天',
  ID_CARD_CHECKSUM: '身份证号校验位不正确，请逐位核对',
  PASSPORT_FORMAT: '护照号码格式不正确（5-17位字母或数字）',
  DOC_NUMBER_FORMAT: '证件号码格式不正确（4-30位字母、数字或短横线）',
  PHONE_FORMAT: '手机号应为以1开头的11位数字',
  PHONE_REQUIRED: '请填写手机号（14岁以下儿童可不填）',
  TEMPERATURE_RANGE: '体温应在35.0至42.0℃之间',
  MEMBERS_EMPTY: '请至少填写一位家庭成员',
  MEMBERS_TOO_MANY: '一户最多登记20人',
  REPORTER_REQUIRED: '请指定一位填报人（关系为“本人”）',
  DUPLICATE_MEMBER: '同一证件号码不能重复登记',
  TRAVEL_REQUIRED: '返回人员请填写行程信息',
  CONSENT_REQUIRED: '请先阅读并同意隐私政策',
  HEALTH_CONSENT_REQUIRED: '填写健康与行程信息前，需要单独同意收集敏感个人信息',
  // places
  PLACE_CODE_INVALID: '二维码无效或已过期，请重新扫描社区二维码',
  PLACE_NOT_BUILDING: '请选择具体的楼栋',
  UNIT_INVALID: '所选单元不存在',
  ROOM_INVALID: '所选房间不存在',
  PLACE_LEVEL_INVALID: '该层级不能建在所选地点之下',
  PLACE_NAME_TAKEN: '同一上级下已有同名地点',
  PLACE_HAS_HOUSEHOLDS: '该地点下仍有住户，请先把住户所在楼栋迁到其他地点再停用',
  PLACE_RETIRED: '该地点已停用',
  SETTINGS_INVALID: '社区设置不正确',
  IMPORT_INVALID: '导入表格有错误，请按预览修改后重新上传',
  IMPORT_UNREADABLE: '无法读取该表格，请上传 xlsx 或 csv 文件',
  MOVE_INVALID: '不能迁移到所选位置',
  JOB_NOT_FOUND: '迁移任务不存在',
  // staff
  INVITE_INVALID: '邀请码无效，请向社区管理员核对',
  INVITE_EXPIRED: '邀请已过期，请联系社区管理员重新邀请',
  INVITE_USED: '邀请码已被使用',
  ALREADY_STAFF: '您已是工作人员，无需重复加入',
  SCOPE_OUTSIDE: '所选范围超出了您的管辖范围',
  ASSIGNEE_INVALID: '转派对象已停用或不负责该事项所在区域',
  ASSIGNEE_SAME: '该事项已由此人负责',
  // households and family invites
  ALREADY_IN_HOUSEHOLD: '您已有家庭档案，不能再加入其他家庭；如需合并请联系网格员',
  HOUSEHOLD_NOT_OWNED: '您还没有家庭档案，请先完成报备',
  FAMILY_INVITE_INVALID: '家人邀请码无效，请向家人核对',
  FAMILY_INVITE_EXPIRED: '家人邀请码已过期，请让家人重新生成',
  FAMILY_INVITE_USED: '家人邀请码已被使用，请让家人重新生成',
  CONFLICT_RESOLVED: '该成员冲突已处理，请刷新后查看',
  // isolation and check-ins
  CHECKIN_NOT_EXPECTED: '该成员不在居家隔离或健康监测中，无需打卡',
  ISOLATION_ACTIVE: '该人员已在隔离/监测中，可延长或解除',
  ISOLATION_ENDED: '该隔离/监测已解除',
  // files
  FILE_TOO_LARGE: '文件过大',
  FILE_TYPE_NOT_ALLOWED: '文件类型不支持',
  FILE_NOT_UPLOADED: '文件没有上传成功，请重新选择',
  FILE_NOT_FOUND: '文件不存在或无权查看',
  FILE_IN_USE: '该文件已用于其他记录，请重新上传',
  UPLOAD_NOT_FOUND: '上传已失效或不属于你，请重新选择文件',
  UPLOAD_INCOMPLETE: '文件还没有传完，请重试',
  UPLOAD_CORRUPT: '文件传输出错（大小或校验值不符），请重新上传',
  // the desk console's sign-in
  DESK_TICKET_INVALID: '登录二维码已失效，请在电脑上刷新二维码后重新扫码',
  DESK_SESSION_NOT_FOUND: '该网页版登录不存在或已退出',
  // requests
  REQUEST_TRANSITION_INVALID: '该求助当前状态下不能进行此操作',
  NOTE_REQUIRED: '请填写原因',
  PERSON_NOT_IN_HOUSEHOLD: '只能为本户家庭成员求助',
  HOUSEHOLD_REQUIRED: '请先完成家庭报备，再提交求助',
  PICKUP_IN_PAST: '接送时间不能早于现在',
  REQUEST_ITEMS_EMPTY: '请至少填写一件物品',
  REQUEST_ITEMS_TOO_MANY: '一次最多填写50件物品，请分多次提交',
  // place codes and posters
  PLACE_CODE_REPLACED: '该二维码已更换，不能再用于报备。请扫描张贴的新二维码，或联系网格员获取',
  CODE_NOT_ROTATABLE: '只能更换社区或楼栋的二维码',
  CODE_CHANGED: '该二维码刚刚已被更换，请刷新后查看新码',
  POSTER_NOT_AVAILABLE: '该地点没有可打印的海报',
  POSTER_TOO_MANY: '楼栋过多，请按小区分别下载海报',
  // ledger export
  EXPORT_RUNNING: '同一范围和模板的导出正在进行，请等它完成后再导出',
  EXPORT_PROFILE_INVALID: '导出模板不可用',
  EXPORT_TEMPLATE_EMPTY: '模板的第一行没有表头',
  // verification batches (核查批次)
  BATCH_NAME_REQUIRED: '姓名未填写',
  BATCH_IDENTITY_REQUIRED: '身份证号和手机号至少填写一项',
  BATCH_FILE_UNREADABLE: '无法读取该表格，请另存为 xlsx 或 csv 后重试',
  BATCH_FILE_EMPTY: '表格中没有数据行（第一行应为表头）',
  BATCH_TOO_MANY_ROWS: '一次最多导入100000行，请拆分后导入',
  BATCH_MAPPING_INVALID: '列的对应关系不完整',
  BATCH_DEADLINE_PAST: '反馈时限不能早于现在',
  BATCH_IMPORT_STATE: '该导入当前状态下不能进行此操作，请刷新后再试',
  BATCH_ROW_STATE: '该行已派发或已办结，不能再修改',
  BATCH_PLACE_OUTSIDE: '所选楼栋不在该批次的辖区内',
  BATCH_PERSON_UNKNOWN: '一人一档中还没有此人：请确认其住址（单元、房间）后建档纳管',
  // rows handled together, 纳管 of a person 一人一档 does not know
  BATCH_ROW_BUSY: '该行正由其他工作人员提交核查结果，请稍后刷新查看',
  BATCH_ROW_CLOSED: '该行已办结（可能刚由其他工作人员提交），未再修改',
  BATCH_ROW_OUTSIDE: '该行不在您的网格，未作修改',
  BATCH_ROWS_OTHER_BATCH: '只能一起处理同一批次的核查记录',
  BATCH_INFORMED_REQUIRED: '请先告知本人：其信息将登记到社区一人一档',
  BATCH_PERSON_ELSEWHERE: '此人已登记在其他住户中，已转网格员确认归属，暂不能纳管',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** A failure that carries a stable code, a Chinese message and (for form errors) the field path. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  constructor(code: ErrorCode, message?: string, field?: string) {
    super(message ?? ErrorCodes[code]);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}

export interface FieldError {
  code: ErrorCode;
  /** dotted path of the offending field, e.g. `members.1.idNumber` */
  field: string;
  message: string;
}

export type Ok<T> = { ok: true; data: T };
export type Err = { ok: false; code: ErrorCode | string; message: string; field?: string; errors?: FieldError[] };
/** The envelope every cloud function action returns. */
export type Result<T> = Ok<T> | Err;

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data });
export const err = (code: ErrorCode, message?: string, extra?: Partial<Err>): Err => ({
  ok: false,
  code,
  message: message ?? ErrorCodes[code],
  ...extra,
});
