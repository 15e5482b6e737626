import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips, choicesOf } from '../../../components/Chips';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { PageStatus, StateView } from '../../../components/StateView';
import { TextInput } from '../../../components/TextInput';
import { STAFF_ROLE_LABELS, STAFF_ROLES } from '../../../domain';
import { InviteResult } from './InviteResult';
import { ScopePicker } from './ScopePicker';
import { EXPIRY_CHOICES, useInvite } from './useInvite';
import '../../shared/staff.css';
import './index.css';

export default function InvitePage() {
  const page = useInvite();
  const { me } = page;
  if (me.kind === 'loading' || me.kind === 'error') return <PageStatus state={me} onRetry={page.retryMe} />;
  if (me.profile?.role !== 'admin')
    return (
      <View className="page">
        <StateView text="仅社区管理员可以邀请工作人员" actionText="返回" onAction={page.back} />
      </View>
    );

  if (page.invite)
    return (
      <View className="page">
        <ErrorBanner lines={page.banner} />
        <InviteResult invite={page.invite} link={page.link} copied={page.copied} onCopy={page.copyLink} onAgain={page.again} />
      </View>
    );

  return (
    <View className="page">
      <ErrorBanner lines={page.banner} />
      <View className="card">
        <Text className="card__title">被邀请人</Text>
        <Field label="身份" required>
          <Chips big choices={choicesOf(STAFF_ROLES, STAFF_ROLE_LABELS)} isOn={(r) => r === page.role} onPick={page.setRole} />
        </Field>
        <Field label="姓名" required error={page.errors.name}>
          <TextInput
            className={page.errors.name ? 'input input--error' : 'input'}
            value={page.name}
            placeholder="请输入姓名"
            maxlength={20}
            onInput={(e) => page.setName(e.detail.value)}
          />
        </Field>
        <Field label="工作电话" hint="居民可在报备回执中看到并拨打" error={page.errors.workPhone}>
          <TextInput
            className={page.errors.workPhone ? 'input input--error' : 'input'}
            type="number"
            value={page.workPhone}
            placeholder="工作手机号（可不填）"
            maxlength={11}
            onInput={(e) => page.setWorkPhone(e.detail.value)}
          />
        </Field>
      </View>

      <View className="card">
        <Text className="card__title">负责区域</Text>
        <Text className="muted small invite__hint">
          {page.role === 'worker' ? '网格员一般选择一个或几个网格；' : '社区管理员一般选择社区；'}点「下级」逐级打开。
        </Text>
        <ScopePicker picker={page.picker} onToggle={page.toggleScope} />
        {page.errors.scope && <Text className="field__error">{page.errors.scope}</Text>}
      </View>

      <View className="card">
        <Field label="邀请有效期">
          <Chips choices={EXPIRY_CHOICES} isOn={(h) => h === page.expiresInHours} onPick={page.setExpiresInHours} />
        </Field>
      </View>

      <AppButton disabled={page.busy} onClick={page.submit}>
        {page.busy ? '正在生成…' : '生成邀请'}
      </AppButton>
    </View>
  );
}
