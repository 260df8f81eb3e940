// Value lists of the API's enumerated fields (Apideck CRM API 10.3.6).

/** ISO 4217 codes the API accepts, plus its own UNKNOWN_CURRENCY and two crypto codes. */
export const CURRENCIES = [
	'UNKNOWN_CURRENCY', 'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM',
	'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN',
	'BWP', 'BYR', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP',
	'COU', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN',
	'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
	'HKD', 'HNL', 'HRK', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD',
	'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK',
	'LBP', 'LKR', 'LRD', 'LSL', 'LTL', 'LVL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK',
	'MNT', 'MOP', 'MRO', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN',
	'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
	'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP',
	'SLL', 'SOS', 'SRD', 'SSP', 'STD', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND',
	'TOP', 'TRC', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'USS', 'UYI',
	'UYU', 'UZS', 'VEF', 'VND', 'VUV', 'WST', 'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC',
	'XBD', 'XCD', 'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XTS', 'XXX', 'YER', 'ZAR', 'ZMK',
	'ZMW', 'BTC', 'ETH',
] as const;

export const EMAIL_TYPES = ['primary', 'secondary', 'work', 'personal', 'billing', 'other'] as const;
export const PHONE_TYPES = [
	'primary', 'secondary', 'home', 'work', 'office', 'mobile', 'assistant', 'fax', 'direct-dial-in', 'personal', 'other',
] as const;
export const ADDRESS_TYPES = ['primary', 'secondary', 'home', 'office', 'shipping', 'billing', 'other'] as const;
export const WEBSITE_TYPES = ['primary', 'secondary', 'work', 'personal', 'other'] as const;
export const BANK_ACCOUNT_TYPES = ['bank_account', 'credit_card', 'other'] as const;
export const ATTENDEE_STATUSES = ['accepted', 'tentative', 'declined'] as const;
export const CONTACT_TYPES = ['customer', 'supplier', 'employee', 'personal'] as const;
export const GENDERS = ['male', 'female', 'unisex'] as const;
export const ACTIVITY_TYPES = [
	'call', 'meeting', 'email', 'note', 'task', 'deadline', 'send-letter', 'send-quote', 'other',
] as const;
export const SHOW_AS = ['free', 'busy'] as const;
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;

// Apideck's current CRM API (crm-10.34.0.yml)

/** Types a field of a custom object schema can have. */
export const CUSTOM_OBJECT_FIELD_TYPES = [
	'string', 'number', 'integer', 'boolean', 'date', 'datetime', 'currency', 'email', 'phone', 'reference', 'select', 'multiselect',
] as const;
