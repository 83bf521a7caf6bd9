include $(sort $(wildcard $(BR2_EXTERNAL_HOOKFLASH_PATH)/package/*/*.mk))
