#ifndef WSLENS_CPCAP_SHIM_H
#define WSLENS_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
