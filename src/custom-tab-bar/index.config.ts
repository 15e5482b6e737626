// WeChat's custom tab bar is a component (src/custom-tab-bar is the path WeChat looks it up by)
export default { component: true };
