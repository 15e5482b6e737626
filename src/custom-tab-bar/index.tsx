import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Tap } from '../components/Tap';
import { isStaffNow, onStaffChange, staffProfile } from '../services/staffRole';
import { tabsFor, TABS } from './tabs';
import './index.css';

/** The page on screen, as `/pages/…` without its query. */
function currentRoute(): string {
  if (process.env.TARO_ENV === 'h5') return window.location.hash.replace(/^#/, '').split('?')[0] || TABS[1].path;
  const pages = Taro.getCurrentPages();
  const top = pages[pages.length - 1];
  return top ? `/${top.route ?? ''}` : '';
}

/**
 * Follows the page on screen. H5: one bar for the whole app, told of every route change. WeChat: a
 * bar per tab page, which marks its page when that page shows (Taro's page-show event of it).
 */
function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') {
      const onChange = (e?: { toLocation?: { path?: string } }) => setRoute(e?.toLocation?.path ?? currentRoute());
      Taro.eventCenter.on('__taroRouterChange', onChange);
      return () => void Taro.eventCenter.off('__taroRouterChange', onChange);
    }
    const keys = TABS.map((t) => `${t.path.slice(1)}.onShow`);
    const onShow = () => setRoute(currentRoute());
    keys.forEach((key) => Taro.eventCenter.on(key, onShow));
    return () => keys.forEach((key) => Taro.eventCenter.off(key, onShow));
  }, []);
  return route;
}

/** Whether 工作台 is shown: asked once per identity, again after signing in as someone else. */
function useStaff(route: string): boolean {
  const [staff, setStaff] = useState(isStaffNow() === true);
  useEffect(() => onStaffChange(() => setStaff(isStaffNow() === true)), []);
  useEffect(() => {
    let live = true;
    void staffProfile().then((profile) => live && setStaff(profile !== null));
    return () => {
      live = false;
    };
  }, [route]);
  return staff;
}

/**
 * The tab bar (tabBar.custom): 报备 / 求助 / 我的 for everyone, 工作台 first for staff. WeChat draws
 * it on its tab pages; on H5 the app renders it (Taro's H5 router draws no custom tab bar) and it
 * shows only on tab pages.
 */
export default function CustomTabBar() {
  const route = useRoute();
  const staff = useStaff(route);
  const tabs = tabsFor(staff);
  // H5 draws one bar for the app: none off the tab pages. WeChat draws it on tab pages only, so a page
  // not known yet (its show not heard) still gets its bar, nothing marked until it shows
  if (process.env.TARO_ENV === 'h5' && !tabs.some((t) => t.path === route)) return null;
  return (
    <View className="tabbar" role="tablist">
      {tabs.map((t) => {
        const on = t.path === route;
        return (
          <Tap key={t.path} className={on ? 'tabbar__item tabbar__item--on' : 'tabbar__item'} onTap={() => !on && void Taro.switchTab({ url: t.path })}>
            <Image className="tabbar__icon" src={on ? t.activeIcon : t.icon} />
            <Text className="tabbar__text">{t.text}</Text>
          </Tap>
        );
      })}
    </View>
  );
}

// Taro copies these onto WeChat's Component definition ({} when absent): arrays, as WeChat documents them
Object.assign(CustomTabBar, { behaviors: [], externalClasses: [] });
