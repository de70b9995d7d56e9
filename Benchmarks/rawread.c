/* The baseline: read every packet of a capture with libpcap and do nothing else.
   cc -O2 -o rawread rawread.c -lpcap ; ./rawread FILE  ->  "packets bytes" */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    char errbuf[PCAP_ERRBUF_SIZE];
    if (argc != 2) { fprintf(stderr, "usage: rawread FILE\n"); return 2; }
    pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!p) { fprintf(stderr, "rawread: %s\n", errbuf); return 3; }
    struct pcap_pkthdr *header;
    const u_char *data;
    unsigned long long packets = 0, bytes = 0, check = 0;
    int status;
    while ((status = pcap_next_ex(p, &header, &data)) == 1) {
        packets++;
        bytes += header->caplen;
        if (header->caplen) check += data[header->caplen - 1];   /* touch the packet */
    }
    if (status == -1) { fprintf(stderr, "rawread: %s\n", pcap_geterr(p)); return 3; }
    printf("%llu %llu %llu\n", packets, bytes, check);
    pcap_close(p);
    return 0;
}
