/* main: entry point — placeholder until the CLI lands. */
#include <stdio.h>
int main(void)
{
	puts("jiaoyan");
	return 0;
}
