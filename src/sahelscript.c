/* sahelscript.c: the sahelscript program: everything it does is libsahel's sahel_main
 * (src/main.c). */
#include "sahel.h"

int main(int argc, char **argv) { return sahel_main(argc, argv); }
