/** Every serial-bootloader command this package sends, in one table (ROM and stub share the numbers). */
export const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  READ_FLASH_SLOW: 0x0e,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

/** GET_SECURITY_INFO flag: the ROM is in secure download mode (esptool's SECURE_DOWNLOAD_ENABLE). */
export const SECURE_DOWNLOAD_FLAG = 1 << 2;

/** Sync attempts per connect (each cycles through esptool-js's reset sequences). */
export const CONNECT_ATTEMPTS = 7;

export const ROM_BAUD = 115200;

/** Flash erase granularity of every SPI NOR chip ESP boards carry. */
export const SECTOR_SIZE = 0x1000;
