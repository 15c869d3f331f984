/* fuzz_lesson.c — libFuzzer harness for the lesson loader: the input is a
 * lesson file's text, given to lesson_parse as lesson_load_file does; a
 * lesson that loads is walked through its public getters.
 *   make fuzz FUZZ=lesson */
#include "lesson/lesson.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson_errors errs;
	memset(&errs, 0, sizeof errs);
	struct lesson *l = lesson_parse("01-first-contact.json", (const char *)data, size, &errs);
	if (l) {
		for (size_t i = 0; i < l->nsteps; i++)
			for (size_t k = 0; k <= lesson_step_hint_count(&l->steps[i]); k++)
				if (lesson_step_hint(&l->steps[i], k) == NULL &&
				    k < lesson_step_hint_count(&l->steps[i]))
					__builtin_trap();
		lesson_free(l);
	}
	lesson_errors_free(&errs);
	return 0;
}
