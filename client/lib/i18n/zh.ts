import type { ErrorCode } from '../../../shared/errors.js';
import type { FieldCode } from '../../../shared/field-issues.js';

/**
 * The Chinese catalogue, and the list of keys: en.ts must have the same keys. Every error
 * code of shared/errors.ts and every field code of shared/field-issues.ts has a message.
 */
export const zh = {
  // Errors by the server's code (shared/errors.ts); {seconds} is Retry-After when sent.
  'error.invalid_request': '内容有误',
  'error.invalid_json': '请求格式错误',
  'error.unauthenticated': '请先登录',
  'error.forbidden': '无权执行此操作',
  'error.csrf_failed': '会话校验失败，请刷新页面',
  'error.not_found': '未找到',
  'error.version_conflict': '已被他人修改，请刷新后重试',
  'error.conflict': '已存在',
  'error.payload_too_large': '内容过大',
  'error.unsupported_media_type': '格式不支持',
  'error.idempotency_mismatch': '同一提交已以不同内容发送过',
  'error.unknown_gate': '未知闸口',
  'error.rate_limited': '请求过多，请 {seconds} 秒后再试',
  'error.internal': '服务器出错',
  'error.unavailable': '服务器暂时无法保存，请稍后再试',
  'error.status': '请求失败（{status}）',
  'error.network': '网络中断',
  'error.timeout': '服务器无应答',
  'error.unknown': '出错了',

  // Field problems by code (shared/field-issues.ts).
  'field.required': '必填',
  'field.too_short': '至少 {min} 个字符',
  'field.too_long': '最多 {max} 个字符',
  'field.too_small': '不能小于 {min}',
  'field.too_large': '不能大于 {max}',
  'field.not_positive': '必须大于 0',
  'field.one_of': '须为以下之一：{values}',
  'field.invalid_format': '格式不对',
  'field.datetime': '请填写日期和时间',
  'field.year_range': '须在 2000 至 2100 年之间',
  'field.country': '请选择国家或地区',
  'field.unknown_field': '未知字段',
  'field.unknown_venue': '未知场馆',
  'field.unknown_area': '未知展区',
  'field.unknown_sector': '未知行业',
  'field.area_in_other_venue': '该展区属于场馆“{areaVenue}”，不是“{venue}”',
  'field.amount_over_limit': '超过 1 万亿元',
  'field.amount_under_one_yuan': '不足 1 元',
  'field.version_changed': '已被他人修改（现为第 {version} 版）',
  'field.invalid': '内容有误',

  // The display (/display): one language at a time.
  'display.contracts': '签约项目',
  'display.investment': '投资总额',
  'display.visitorsToday': '今日入场人次',
  'display.onSiteNow': '当前在场',
  'display.exhibitors': '参展企业',
  'display.countries': '国家和地区',
  'display.ofTarget': '目标',
  'display.latest': '最新签约',
  'display.noSignings': '暂无签约',
  'display.newSigning': '签约喜讯',
  'display.burst': '批量签约',
  'display.projects': '个项目',
  'display.milestone': '里程碑',
  'display.contractsMark': '个签约项目',
  'display.investmentMark': '投资总额突破',
  'display.reconnecting': '重新连接中',
  'display.lastUpdate': '最后更新',
  'display.cumulative': '累计投资额（亿元）',
  'display.target': '目标',
  'display.bySector': '各领域投资额（亿元）',
  'display.byVenue': '各会场签约数',
  'display.attendanceByHour': '每小时入场人数',
  'display.attendanceByVenue': '各会场在场人数',
  'display.capacity': '容量',
  'display.occupancy': '在场率',
  'display.closed': '闭馆中',
  'display.with': '与',

  // Login (/login).
  'login.subtitle': '工作人员登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.wrongPassword': '用户名或密码错误',
  'login.tooMany': '尝试次数过多，请 {seconds} 秒后再试',
  'login.failed': '登录失败',
} as const satisfies Record<`error.${ErrorCode}` | `field.${FieldCode}`, string> & Record<string, string>;

export type MessageKey = keyof typeof zh;
