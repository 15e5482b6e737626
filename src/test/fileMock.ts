// stands in for imported stylesheets and images in page tests
export default 'file-stub';
