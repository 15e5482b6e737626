import { Pages } from '../../../domain';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CheckRow } from '../../../components/CheckRow';

interface ProxyConsentProps {
  privacy: boolean;
  healthTravel: boolean;
  privacyError?: string;
  onTogglePrivacy: () => void;
  onToggleHealthTravel: () => void;
}

/** The worker records that the resident was told about the privacy notice and what they agreed to. */
export function ProxyConsent({ privacy, healthTravel, privacyError, onTogglePrivacy, onToggleHealthTravel }: ProxyConsentProps) {
  return (
    <View className="card">
      <Text className="card__title">居民同意情况</Text>
      <Text className="field__hint">请先向居民说明《隐私政策》的要点，征得同意后再登记。</Text>
      <Text className="link" onClick={() => void Taro.navigateTo({ url: Pages.privacy })}>
        查看《隐私政策》
      </Text>
      <CheckRow checked={privacy} label="已向居民说明《隐私政策》，居民同意登记" onToggle={onTogglePrivacy} />
      {privacyError && <Text className="field__error">{privacyError}</Text>}
      <CheckRow checked={healthTravel} label="居民同意登记健康与行程信息（敏感个人信息）" onToggle={onToggleHealthTravel} />
      <Text className="field__hint">居民不同意时不勾选，仅登记住户和人员信息。</Text>
    </View>
  );
}
