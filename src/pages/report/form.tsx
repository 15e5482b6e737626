import { View } from '@tarojs/components';
import { StateView } from '../../components/StateView';
import { ConsentPanel } from './ConsentPanel';
import { HouseholdForm } from './HouseholdForm';
import { useHouseholdForm } from './useHouseholdForm';

export default function HouseholdFormPage() {
  const form = useHouseholdForm();
  const { setup, draft, errors } = form;

  if (setup.kind === 'loading')
    return (
      <View className="page">
        <StateView text="正在加载…" />
      </View>
    );
  if (setup.kind === 'error')
    return (
      <View className="page">
        <StateView text={setup.message} actionText="重试" onAction={form.retry} />
      </View>
    );

  return (
    <HouseholdForm
      form={form}
      submitLabel="提交报备"
      consent={
        <ConsentPanel
          noticeNeeded={form.noticeNeeded}
          privacy={draft.privacy}
          healthTravel={draft.healthTravel}
          privacyError={errors['consent.privacy']}
          onTogglePrivacy={form.togglePrivacy}
          onToggleHealthTravel={form.toggleHealthTravel}
        />
      }
    />
  );
}
