/**
 * `npm start`: the local cloud with demo data. Environment: PORT (8787), HOST (127.0.0.1),
 * PUBLIC_URL (the address phones should open, e.g. http://192.168.1.20:8787 with HOST=0.0.0.0),
 * GRIDLINK_DATA_DIR (.localcloud), GRIDLINK_H5_DIR (dist-h5), GRIDLINK_DEMO=1 (persona login;
 * `npm run demo` sets it), GRIDLINK_DEMO_PUBLIC=1 (a demo on a non-loopback HOST).
 */
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { writePlaceQrs, terminalQr } from './qr';
import { DEMO_BANNER, isLoopbackHost, LocalCloudConfigError } from './demoMode';
import { startLocalCloud } from './server';
import { PERSONAS } from './personas';
import { setStepBudget } from '../cloudfunctions/batch/imports';

async function run(): Promise<void> {
  const dataDir = resolve(process.env.GRIDLINK_DATA_DIR ?? '.localcloud');
  const h5Dir = resolve(process.env.GRIDLINK_H5_DIR ?? 'dist-h5');
  const host = process.env.HOST ?? '127.0.0.1';
  // verification batch imports: shorter steps than the deployed 4 s (tests: one chunk per step)
  if (process.env.GRIDLINK_BATCH_STEP_MS) setStepBudget(Number(process.env.GRIDLINK_BATCH_STEP_MS));
  // demo mode and its public switch come from GRIDLINK_DEMO / GRIDLINK_DEMO_PUBLIC
  const cloud = await startLocalCloud({ dataDir, h5Dir, port: Number(process.env.PORT ?? 8787), host });
  const publicUrl = (process.env.PUBLIC_URL ?? cloud.url).replace(/\/$/, '');

  console.log('\n网格通 GridLink — 本地云已启动 (local cloud is up)');
  if (cloud.demoMode) console.log(`  ⚠ ${DEMO_BANNER}`);
  console.log(`  数据目录 data:   ${dataDir}`);
  if (!existsSync(join(h5Dir, 'index.html'))) console.log('  ⚠ H5 尚未构建：运行 npm run build:h5 后刷新页面');
  console.log(`\n  打开 Open:       ${publicUrl}/`);
  if (cloud.demo) {
    const qrs = await writePlaceQrs(join(dataDir, 'qr'), [
      { label: `${cloud.demo.communityName}（社区码 ${cloud.demo.communityCode}）`, slug: 'community', url: `${publicUrl}/q/${cloud.demo.communityCode}` },
      { label: `${cloud.demo.communityName} ${cloud.demo.buildingName}（楼栋码 ${cloud.demo.buildingCode}）`, slug: 'building', url: `${publicUrl}/q/${cloud.demo.buildingCode}` },
    ]);
    for (const qr of qrs) {
      console.log(`\n  ${qr.label}\n  ${qr.url}\n  PNG: ${qr.file}`);
      console.log(await terminalQr(qr.url));
    }
  }
  if (cloud.demoMode) {
    console.log(`\n  ⚠ ${DEMO_BANNER}`);
    if (!isLoopbackHost(host)) console.log(`  ⚠ 对外开放 public: HOST=${host}（GRIDLINK_DEMO_PUBLIC=1），同一网络中的任何人都能以管理员身份登录`);
    console.log('  演示身份 personas: ' + Object.values(PERSONAS).map((p) => p.displayName).join(' / '));
  } else {
    console.log('\n  演示身份登录已关闭 (demo login off)：运行 npm run demo，或设置 GRIDLINK_DEMO=1 后启动');
  }
  console.log('  Ctrl+C 停止\n');

  const stop = () => {
    void cloud.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

run().catch((e: unknown) => {
  // a refused configuration is the operator's to fix: its message, without a stack
  console.error(e instanceof LocalCloudConfigError ? `\n本地云未启动：${e.message}\n` : e);
  process.exit(1);
});
