import { Pages } from '../../domain';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CheckRow } from '../../components/CheckRow';
import { NOTICE_SUMMARY } from '../../content/privacyNotice';

interface ConsentPanelProps {
  /** the notice has not been accepted in its current version */
  noticeNeeded: boolean;
  privacy: boolean;
  healthTravel: boolean;
  privacyError?: string;
  onTogglePrivacy: () => void;
  onToggleHealthTravel: () => void;
}

/** The privacy notice with its required consent, and the separate, optional consent for sensitive data. */
export function ConsentPanel({
  noticeNeeded,
  privacy,
  healthTravel,
  privacyError,
  onTogglePrivacy,
  onToggleHealthTravel,
}: ConsentPanelProps) {
  return (
    <View className="card">
      <Text className="card__title">{noticeNeeded ? '个人信息保护说明' : '健康与行程信息'}</Text>
      {noticeNeeded && (
        <View>
          {NOTICE_SUMMARY.map((line) => (
            <Text key={line} className="form__notice-line">
              {line}
            </Text>
          ))}
          <Text className="link" onClick={() => void Taro.navigateTo({ url: Pages.privacy })}>
            查看完整的《隐私政策》
          </Text>
          <CheckRow checked={privacy} label="我已阅读并同意《隐私政策》" onToggle={onTogglePrivacy} />
          {privacyError && <Text className="field__error">{privacyError}</Text>}
        </View>
      )}
      <CheckRow checked={healthTravel} label="同意收集健康与行程信息（敏感个人信息）" onToggle={onToggleHealthTravel} />
      <Text className="field__hint">可不勾选：不同意时不会填写和上传体温、症状、健康码、疫苗、核酸和行程信息，仍可完成登记。</Text>
    </View>
  );
}
