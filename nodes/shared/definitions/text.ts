/**
 * Words the editor shows that are generated rather than written out: the one place that picks "a" or
 * "an", and the description both nodes share.
 */

/**
 * What n8n's node panel shows for this package. The editor lists a node and its trigger as one entry
 * ("Apideck CRM") and describes that entry with the trigger's description (n8n 2.41.1 does the same for
 * HubSpot and Pipedrive), so both nodes carry the action node's description.
 */
export const NODE_DESCRIPTION =
	'Read and write CRM records through Apideck: one node for HubSpot, Salesforce, Pipedrive, Zoho and more';

/** Letters whose spoken name starts with a vowel sound: an API, an SMS, but a URL, a CRM. */
const VOWEL_SOUND_LETTERS = 'AEFHILMNORSX';

/** Words starting with a vowel letter but a consonant sound, and the reverse (silent h). */
const CONSONANT_SOUND = /^(one\b|once\b|eu|ewe|uni|use|usu|ura|ure|uro|uti|u[bcfhklmnprstvz][aeiou])/;
const VOWEL_SOUND_H = /^(hour|honest|honou?r|heir)/;

/** Whether a word is read with a vowel sound first, which takes "an". */
export function startsWithVowelSound(word: string): boolean {
	const first = word.trim().split(/[\s-]/)[0] ?? '';
	if (!first) return false;
	// an initialism (ID, API, URL) is read letter by letter
	if (first.length > 1 && first === first.toUpperCase() && /^[A-Z]+$/.test(first)) {
		return VOWEL_SOUND_LETTERS.includes(first[0]);
	}
	const w = first.toLowerCase();
	if (VOWEL_SOUND_H.test(w)) return true;
	if (!/^[aeiou]/.test(w)) return false;
	return !CONSONANT_SOUND.test(w);
}

/** The indefinite article for a noun phrase, by sound: "a" or "an". */
export function articleFor(noun: string): 'a' | 'an' {
	return startsWithVowelSound(noun) ? 'an' : 'a';
}

/** The noun phrase with its article: "a user", "an activity", "an opportunity", "a unified API". */
export function withArticle(noun: string): string {
	return `${articleFor(noun)} ${noun}`;
}

/** "Custom Object" → "custom object", for actions and hints. */
export function lower(text: string) {
	return text.toLowerCase();
}
