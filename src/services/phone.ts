import Taro from '@tarojs/taro';

export function callPhone(phoneNumber: string): void {
  // rejects when the user cancels the dialog: nothing to do then
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}
