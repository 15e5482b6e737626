import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { PageStatus } from '../../../components/StateView';
import { formatShanghai, QUEUE_KIND_LABELS, RELATION_LABELS, type QueueItemDetail } from '../../../domain';
import { PriorityTag } from '../../shared/PriorityTag';
import { ActionButtons } from './ActionButtons';
import { CheckinAlertSection } from './CheckinAlertSection';
import { ConflictSection } from './ConflictSection';
import { NoteSheet } from './NoteSheet';
import { PersonCard, type PersonLine } from './PersonCard';
import { ReassignSheet } from './ReassignSheet';
import { ReportSection } from './ReportSection';
import { RequestSection } from './RequestSection';
import { RevealSheet } from './RevealSheet';
import { VerifyForm } from './VerifyForm';
import { revealKey, useItem } from './useItem';
import '../../shared/staff.css';
import './index.css';

/** The people on the item: the household's members for a report, the person helped for a request. */
function peopleOf(detail: QueueItemDetail): PersonLine[] {
  switch (detail.kind) {
    case 'verify_report':
      return detail.report.members.map((m) => ({
        personId: m.personId,
        name: m.name,
        role: RELATION_LABELS[m.relation],
        idType: m.idType,
        idMasked: m.idMasked,
        phoneMasked: m.phoneMasked,
        health: m.health,
      }));
    case 'request':
      return detail.persons.map((p) => ({ ...p, role: '求助人' }));
    case 'household_conflict':
      return detail.persons.map((p) => ({ ...p, role: '待确认归属' }));
    case 'checkin_alert':
      return [];
  }
}

/** What the item is about and its actions, by kind: a new queue kind does not compile until it is shown here. */
function KindSection({ detail, page }: { detail: QueueItemDetail; page: ReturnType<typeof useItem> }): JSX.Element {
  switch (detail.kind) {
    case 'verify_report':
      return (
        <View>
          <ReportSection report={detail.report} />
          {detail.actions.includes('verify') && (
            <VerifyForm
              outcome={page.outcome}
              method={page.method}
              note={page.verifyNote}
              errors={page.verifyErrors}
              busy={page.busy === 'verify'}
              onOutcome={page.setOutcome}
              onMethod={page.setMethod}
              onNote={page.setVerifyNote}
              onSubmit={page.submitVerify}
            />
          )}
        </View>
      );
    case 'request':
      return (
        <View>
          <RequestSection request={detail.request} />
          <ActionButtons actions={detail.actions} busy={page.busy} onAction={page.onAction} />
        </View>
      );
    case 'checkin_alert':
      return (
        <CheckinAlertSection
          item={detail.item}
          open={detail.actions.includes('acknowledge')}
          note={page.ackNote}
          error={page.ackError}
          busy={page.busy === 'acknowledge'}
          onNote={page.setAckNote}
          onAcknowledge={page.submitAck}
          onRoster={page.openRoster}
        />
      );
    case 'household_conflict':
      return <ConflictSection conflict={detail.conflict} open={detail.actions.includes('resolve_conflict')} decide={page.conflict} />;
  }
}

export default function ItemPage() {
  const page = useItem();
  const { state } = page;
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;

  const { detail } = state;
  const { item } = detail;
  const people = peopleOf(detail);
  const closed = item.status === 'closed';
  // the persons the server lists on a report or request may be put under home isolation
  const isolatable = new Set(detail.kind === 'verify_report' || detail.kind === 'request' ? detail.persons.map((p) => p.personId) : []);
  return (
    <View className="page">
      <ErrorBanner lines={page.banner} />
      {page.notice && (
        <View className="staff-ok">
          <Text className="staff-ok__line">{page.notice}</Text>
        </View>
      )}

      <View className="item__bar">
        <View className="item__title">
          <PriorityTag priority={item.priority} />
          <Text className="item__kind">{QUEUE_KIND_LABELS[item.kind]}</Text>
        </View>
        {closed ? (
          <Text className="staff-status staff-status--done">已处理</Text>
        ) : (
          <View className="item__title">
            {item.overdue && <Text className="staff-overdue">已超时</Text>}
            <Text className={item.overdue ? 'item__due item__due--overdue' : 'item__due'}>
              时限 {formatShanghai(item.dueAt, 'MM-DD HH:mm')}
            </Text>
          </View>
        )}
      </View>

      {detail.assignee && (
        <View className="item__assignee">
          <Text className="muted">负责人：{detail.assignee.name}</Text>
        </View>
      )}

      <KindSection detail={detail} page={page} />

      {people.length > 0 && (
        <View className="card">
          <Text className="card__title">{detail.kind === 'verify_report' ? `家庭成员（${people.length}人）` : '联系人'}</Text>
          {people.map((p) => (
            <PersonCard
              key={p.personId}
              person={p}
              fullId={page.revealed[revealKey(p.personId, 'id')]}
              fullPhone={page.revealed[revealKey(p.personId, 'phone')]}
              onRevealId={() => page.openReveal({ personId: p.personId, name: p.name, field: 'id', purpose: 'view' })}
              onHide={(field) => page.hide(p.personId, field)}
              onCall={() => page.openReveal({ personId: p.personId, name: p.name, field: 'phone', purpose: 'call' })}
              onIsolation={isolatable.has(p.personId) ? () => page.openIsolation({ personId: p.personId, name: p.name }) : undefined}
            />
          ))}
        </View>
      )}

      {closed && !page.notice && <Text className="muted item__closed">该事项已处理完毕。</Text>}

      {!closed && (
        <AppButton kind="plain" onClick={page.reassign.start}>
          转派给同事
        </AppButton>
      )}
      <AppButton kind="plain" onClick={page.back}>
        返回工作台
      </AppButton>

      {page.revealTarget && (
        <RevealSheet
          target={page.revealTarget}
          reason={page.reason}
          error={page.reasonError}
          busy={page.busy === 'reveal'}
          onReason={page.setReason}
          onConfirm={page.confirmReveal}
          onDismiss={page.closeReveal}
        />
      )}
      {page.reassign.open && <ReassignSheet reassign={page.reassign} />}
      {page.noteAction && (
        <NoteSheet
          action={page.noteAction}
          note={page.actionNote}
          error={page.noteError}
          onNote={page.setActionNote}
          onConfirm={page.confirmNoteAction}
          onDismiss={page.closeNote}
        />
      )}
    </View>
  );
}
