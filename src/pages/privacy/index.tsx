import { Text, View } from '@tarojs/components';
import { PRIVACY_NOTICE_VERSION } from '../../domain';
import { NOTICE_FULL } from '../../content/privacyNotice';
import './index.css';

export default function PrivacyPage() {
  return (
    <View className="page">
      <View className="card">
        <Text className="hero">隐私政策</Text>
        <Text className="muted small">版本：{PRIVACY_NOTICE_VERSION}</Text>
        {NOTICE_FULL.map((section) => (
          <View key={section.title} className="privacy__section">
            <Text className="privacy__title">{section.title}</Text>
            {section.paragraphs.map((p) => (
              <Text key={p} className="privacy__para">
                {p}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  );
}
