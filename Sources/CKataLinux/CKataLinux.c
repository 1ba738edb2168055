#include "CKataLinux.h"
