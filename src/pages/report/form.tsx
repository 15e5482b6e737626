import { PageStatus } from '../../components/StateView';
import { ConsentPanel } from './ConsentPanel';
import { HouseholdForm } from './HouseholdForm';
import { useHouseholdForm } from './useHouseholdForm';

export default function HouseholdFormPage() {
  const form = useHouseholdForm();
  const { setup, draft, errors } = form;

  if (setup.kind === 'loading' || setup.kind === 'error') return <PageStatus state={setup} onRetry={form.retry} />;

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
