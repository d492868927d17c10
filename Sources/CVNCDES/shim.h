#ifndef CVNCDES_SHIM_H
#define CVNCDES_SHIM_H

/* Single-block DES for VNC Authentication (RFC 6143 §7.2.2), from Debian's libcrypto (libssl-dev).
 * OpenSSL 3 marks the low-level DES functions deprecated but still ships them in libcrypto itself, so they work
 * without loading the legacy provider. VncAuth needs DES; nothing else here should use it. */

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include <openssl/crypto.h>
#include <openssl/des.h>

/* Encrypts one 8-byte block with single DES in ECB mode under an 8-byte key. The key's parity bits are ignored
 * (VncAuth keys are arbitrary password bytes), which is why the unchecked key schedule is used. */
static inline void cvncdes_encrypt_block(const unsigned char key[8], const unsigned char in[8], unsigned char out[8]) {
    DES_cblock keyBlock;
    DES_cblock input;
    DES_cblock output;
    DES_key_schedule schedule;
    for (int index = 0; index < 8; index++) {
        keyBlock[index] = key[index];
        input[index] = in[index];
    }
    DES_set_key_unchecked(&keyBlock, &schedule);
    DES_ecb_encrypt(&input, &output, &schedule, DES_ENCRYPT);
    for (int index = 0; index < 8; index++) {
        out[index] = output[index];
    }
    OPENSSL_cleanse(&schedule, sizeof schedule);
    OPENSSL_cleanse(&keyBlock, sizeof keyBlock);
}

#pragma GCC diagnostic pop

#endif
