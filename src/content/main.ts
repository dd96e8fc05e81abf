/** Content script entry: runs on https://partner.microsoft.com/* pages. */
document.documentElement.dataset.skuShift = 'loaded';
