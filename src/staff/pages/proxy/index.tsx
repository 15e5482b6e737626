import { Text, View } from '@tarojs/components';
import { PageStatus } from '../../../components/StateView';
import { HouseholdForm } from '../../../pages/report/HouseholdForm';
import { ProxyConsent } from './ProxyConsent';
import { ProxyFiled } from './ProxyFiled';
import { useProxyReport } from './useProxyReport';
import '../../shared/staff.css';

export default function ProxyReportPage() {
  const { form, filed, another, back } = useProxyReport();
  const { setup, draft, errors } = form;
  if (filed) return <ProxyFiled receipt={filed} onAnother={another} onBack={back} />;
  if (setup.kind === 'loading' || setup.kind === 'error') return <PageStatus state={setup} onRetry={form.retry} />;
  return (
    <HouseholdForm
      form={form}
      submitLabel="提交代报"
      intro={
        <View className="card">
          <Text className="card__title">代居民报备</Text>
          <Text className="muted">为没有智能手机的居民登记。报备会记录您是代报人，居民以后也可以用自己的微信继续报备。</Text>
        </View>
      }
      consent={
        <ProxyConsent
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
