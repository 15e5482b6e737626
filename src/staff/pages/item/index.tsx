import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { PageStatus } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import { formatShanghai, QUEUE_KIND_LABELS, RELATION_LABELS, type MaskedPerson, type QueueItemDetail } from '../../../domain';
import { PriorityTag } from '../../shared/PriorityTag';
import { ActionButtons } from './ActionButtons';
import { BatchRowSection } from './BatchRowSection';
import { CheckinAlertSection } from './CheckinAlertSection';
import { ConflictSection } from './ConflictSection';
import { ContactCard, type Contact } from './ContactCard';
import { IsolateManySheet } from './IsolateManySheet';
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

/** The people on the item: the household's members for a report, the person helped or alerted, the person in dispute. */
function peopleOf(detail: QueueItemDetail): PersonLine[] {
  // the server's person records say who is under isolation now
  const stored = new Map<string, MaskedPerson>(detail.persons.map((p) => [p.personId, p]));
  const withStatus = (line: PersonLine): PersonLine => {
    const p = stored.get(line.personId);
    return p ? { ...line, status: p.status, ...(p.isolationId ? { isolationId: p.isolationId } : {}) } : line;
  };
  switch (detail.kind) {
    case 'verify_report':
      return detail.report.members
        .filter((m) => !m.pending)
        .map((m) =>
          withStatus({
            personId: m.personId,
            name: m.name,
            role: RELATION_LABELS[m.relation],
            idType: m.idType,
            idMasked: m.idMasked,
            phoneMasked: m.phoneMasked,
            health: m.health,
          }),
        );
    case 'request':
      return detail.persons.map((p) => ({ ...p, role: '求助人' }));
    case 'household_conflict':
      return detail.persons.map((p) => ({ ...p, role: '待确认归属' }));
    case 'checkin_alert':
      return detail.persons.map((p) => ({ ...p, role: '打卡人' }));
    case 'batch_row':
      return detail.persons.map((p) => ({ ...p, role: '核查对象' }));
  }
}

/** Whom the item is about and where: the contact card and its call, for every kind. */
function contactOf(detail: QueueItemDetail, people: readonly PersonLine[]): { contact: Contact | null; address?: string } {
  const first = (line: PersonLine | undefined, role: string): Contact | null =>
    line ? { personId: line.personId, name: line.name, role, ...(line.phoneMasked ? { phoneMasked: line.phoneMasked } : {}) } : null;
  switch (detail.kind) {
    case 'verify_report': {
      const reporter = detail.report.members.find((m) => m.relation === 'self');
      const line = people.find((p) => p.personId === reporter?.personId) ?? people.find((p) => p.phoneMasked) ?? people[0];
      return { contact: first(line, '报备人'), address: detail.report.address };
    }
    case 'request':
      return { contact: first(people[0], '求助人'), address: detail.request.address };
    case 'checkin_alert':
      return { contact: first(people[0], '打卡人'), address: detail.address ?? detail.item.address };
    case 'household_conflict':
      return { contact: first(people[0], '待确认归属'), address: detail.conflict.existing.address };
    case 'batch_row':
      return { contact: first(people[0], '核查对象'), address: detail.row.address };
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
              methods={page.methods}
              note={page.verifyNote}
              errors={page.verifyErrors}
              busy={page.busy === 'verify'}
              onOutcome={page.setOutcome}
              onMethod={page.toggleMethod}
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
    case 'batch_row':
      return <BatchRowSection row={detail.row} open={detail.actions.includes('batch_pass')} onDone={page.retry} />;
  }
}

const underIsolation = (p: PersonLine) => p.status === 'home_isolation' || p.status === 'health_monitoring';

export default function ItemPage() {
  const page = useItem();
  const [isolatingMany, setIsolatingMany] = useState(false);
  const { state } = page;
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;

  const { detail } = state;
  const { item } = detail;
  const people = peopleOf(detail);
  const closed = item.status === 'closed';
  // urgent and emergency: whom to call comes before everything else
  const urgent = item.priority !== 'normal' && !closed;
  const { contact, address } = contactOf(detail, people);
  const contactCard = (
    <ContactCard
      contact={contact}
      address={address}
      urgent={urgent}
      busy={!!contact && page.busy === `call:${contact.personId}`}
      onCall={page.callPerson}
    />
  );
  // the persons the server lists on a report, request or alert may be put under home isolation
  const isolatable = new Set(detail.kind === 'household_conflict' ? [] : detail.persons.map((p) => p.personId));
  const toIsolate = people.filter((p) => isolatable.has(p.personId) && !underIsolation(p));
  return (
    <View className="page">
      {urgent && contactCard}
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

      {!urgent && contactCard}

      <KindSection detail={detail} page={page} />

      {people.length > 0 && (
        <View className="card">
          <View className="row">
            <Text className="card__title">{detail.kind === 'verify_report' ? `家庭成员（${people.length}人）` : '联系人'}</Text>
            {detail.kind === 'verify_report' && toIsolate.length > 1 && (
              <Tap className="link item__many" onTap={() => setIsolatingMany(true)}>
                多人开始隔离
              </Tap>
            )}
          </View>
          {people.map((p) => (
            <PersonCard
              key={p.personId}
              person={p}
              fullId={page.revealed[revealKey(p.personId, 'id')]}
              calling={page.busy === `call:${p.personId}`}
              onRevealId={() => page.openReveal({ personId: p.personId, name: p.name, field: 'id' })}
              onHide={(field) => page.hide(p.personId, field)}
              onCall={() => page.callPerson(p.personId)}
              onIsolation={
                isolatable.has(p.personId)
                  ? () => page.openIsolation({ personId: p.personId, name: p.name, isolationId: p.isolationId })
                  : undefined
              }
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
      {isolatingMany && (
        <IsolateManySheet
          persons={toIsolate}
          onDismiss={() => setIsolatingMany(false)}
          onStart={(chosen) => {
            setIsolatingMany(false);
            page.openIsolations(chosen);
          }}
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
