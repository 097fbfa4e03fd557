/* ProcessPrng for Wine 8, whose bcryptprimitives.dll lacks it: Rust's std asks it for random
 * bytes at start-up (hash map keys), so without it no Rust program starts. It hands the request
 * to RtlGenRandom (advapi32's SystemFunction036), which Wine has, in pieces of at most 4 GiB - 1
 * since that call takes a 32-bit length. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0xFFFFFFFFu ? 0xFFFFFFFFu : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
