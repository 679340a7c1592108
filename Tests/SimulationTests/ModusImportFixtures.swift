/// Our own fixtures for `import-modus`, written from the documented Connectivity Wi-Fi
/// personality fields and the generated file's shape (docs/tko-offload.md §2, §5.1, §6.1):
/// not copies of any project's files.
enum ModusImportFixtures {
    /// The C example's design for CY8CPROTO-062-4343W: host wake on P0_4 (CYBSP_SW2),
    /// keepalive 5/3/3 with socket 0 and empty slots 1-3, ARP offload off, filters off,
    /// plus one parameter a newer personality might add.
    static let ceDesign = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Configuration app="BACKEND" formatVersion="13" xmlns="http://cypress.com/xsd/cydesignfile_v4">
      <Devices>
        <Device mpn="CY8C624ABZI-S2D44">
          <BlockConfig>
            <Block location="ioss[0].port[0].pin[4]">
              <Alias value="CYBSP_SW2"/>
              <Alias value="CYBSP_WIFI_HOST_WAKE"/>
              <Personality template="pin" version="3.0">
                <Param id="DriveModes" value="CY_GPIO_DM_ANALOG"/>
                <Param id="initialState" value="1"/>
                <Param id="isrTrigger" value="CY_GPIO_INTR_RISING"/>
              </Personality>
            </Block>
            <Block location="ioss[0].port[2].pin[0]"><Alias value="CYBSP_WIFI_SDIO_D0"/></Block>
            <Block location="ioss[0].port[2].pin[1]"><Alias value="CYBSP_WIFI_SDIO_D1"/></Block>
            <Block location="ioss[0].port[2].pin[2]"><Alias value="CYBSP_WIFI_SDIO_D2"/></Block>
            <Block location="ioss[0].port[2].pin[3]"><Alias value="CYBSP_WIFI_SDIO_D3"/></Block>
            <Block location="ioss[0].port[2].pin[4]"><Alias value="CYBSP_WIFI_SDIO_CMD"/></Block>
            <Block location="ioss[0].port[2].pin[5]"><Alias value="CYBSP_WIFI_SDIO_CLK"/></Block>
            <Block location="ioss[0].port[2].pin[6]"><Alias value="CYBSP_WIFI_WL_REG_ON"/></Block>
          </BlockConfig>
        </Device>
        <Device mpn="LBEE5KL1DX/CYW4343WKUBG">
          <BlockConfig>
            <Block location="wifi[0].power[0]">
              <Personality template="connectivity_wifi" version="1.0">
                <Param id="hostWake" value="true"/>
                <Param id="hostIRQ" value="CYBSP_SW2"/>
                <Param id="arpOffload" value="false"/>
                <Param id="arpResponse" value="CY_ARP_OL_PEER_AUTO_REPLY_ENABLE"/>
                <Param id="configTLS" value="false"/>
                <Param id="filterTLSAction" value="CY_PF_ACTION_KEEP"/>
                <Param id="minKeepFilt" value="false"/>
                <Param id="config0" value="false"/>
                <Param id="filter0_type" value="CY_PF_PORT_FILTER"/>
                <Param id="filter0_port" value="1024"/>
                <Param id="tcpkaOffload" value="true"/>
                <Param id="tcpkaInterval" value="5"/>
                <Param id="tcpkaRetryInterval" value="3"/>
                <Param id="tcpkaRetryCount" value="3"/>
                <Param id="tcpkaSrcPort0" value="3353"/>
                <Param id="tcpkaDstPort0" value="3360"/>
                <Param id="tcpkaDstIpAddr0" value="192.168.0.114"/>
                <Param id="tcpkaSrcPort1" value="0"/>
                <Param id="tcpkaDstPort1" value="0"/>
                <Param id="tcpkaDstIpAddr1" value="0.0.0.0"/>
                <Param id="tcpkaSrcPort2" value="0"/>
                <Param id="tcpkaDstPort2" value="0"/>
                <Param id="tcpkaDstIpAddr2" value="0.0.0.0"/>
                <Param id="tcpkaSrcPort3" value="0"/>
                <Param id="tcpkaDstPort3" value="0"/>
                <Param id="tcpkaDstIpAddr3" value="0.0.0.0"/>
                <Param id="wakeOnWirelessLan" value="true"/>
              </Personality>
            </Block>
          </BlockConfig>
        </Device>
      </Devices>
    </Configuration>
    """

    /// A user's design on the CYW43012 kit: ARP offload with peer auto-reply and snoop,
    /// three keep filters (one a port range) and a discard one, a zero interval, a server on
    /// slot 2, and a half-filled slot 3.
    static let userDesign = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Configuration app="BACKEND" formatVersion="13" xmlns="http://cypress.com/xsd/cydesignfile_v4">
      <Devices>
        <Device mpn="CY8C624ABZI-S2D44">
          <BlockConfig>
            <Block location="ioss[0].port[4].pin[1]">
              <Alias value="CYBSP_WIFI_HOST_WAKE"/>
              <Personality template="pin" version="3.0">
                <Param id="DriveModes" value="CY_GPIO_DM_PULLDOWN"/>
                <Param id="isrTrigger" value="CY_GPIO_INTR_FALLING"/>
              </Personality>
            </Block>
          </BlockConfig>
        </Device>
        <Device mpn="CYW43012C0WKWBG">
          <BlockConfig>
            <Block location="wifi[0].power[0]">
              <Personality template="connectivity_wifi" version="1.0">
                <Param id="hostWake" value="true"/>
                <Param id="hostIRQ" value="CYBSP_WIFI_HOST_WAKE"/>
                <Param id="arpOffload" value="true"/>
                <Param id="arpResponse" value="CY_ARP_OL_PEER_AUTO_REPLY_ENABLE"/>
                <Param id="arpInSleep" value="CY_ARP_OL_PEER_AUTO_REPLY_ENABLE"/>
                <Param id="arpSnoopHostIp" value="true"/>
                <Param id="peerAge" value="600"/>
                <Param id="config4" value="true"/>
                <Param id="filter4_type" value="CY_PF_PORT_FILTER"/>
                <Param id="filter4_action" value="CY_PF_ACTION_KEEP"/>
                <Param id="filter4_prot" value="CY_PF_PROTOCOL_TCP"/>
                <Param id="filter4_dir" value="PF_PN_PORT_SOURCE"/>
                <Param id="filter4_port" value="3360"/>
                <Param id="filter4_end_port" value="1023"/>
                <Param id="config5" value="true"/>
                <Param id="filter5_type" value="CY_PF_PORT_FILTER"/>
                <Param id="filter5_action" value="CY_PF_ACTION_KEEP"/>
                <Param id="filter5_prot" value="CY_PF_PROTOCOL_UDP"/>
                <Param id="filter5_dir" value="PF_PN_PORT_DEST"/>
                <Param id="filter5_port" value="8000"/>
                <Param id="filter5_end_port" value="8015"/>
                <Param id="config6" value="true"/>
                <Param id="filter6_type" value="CY_PF_ETHER_FILTER"/>
                <Param id="filter6_action" value="CY_PF_ACTION_KEEP"/>
                <Param id="filter6_ether_type" value="0x888E"/>
                <Param id="config7" value="true"/>
                <Param id="filter7_type" value="CY_PF_PORT_FILTER"/>
                <Param id="filter7_action" value="CY_PF_ACTION_DISCARD"/>
                <Param id="filter7_prot" value="CY_PF_PROTOCOL_UDP"/>
                <Param id="filter7_dir" value="PF_PN_PORT_DEST"/>
                <Param id="filter7_port" value="53"/>
                <Param id="tcpkaOffload" value="true"/>
                <Param id="tcpkaInterval" value="0"/>
                <Param id="tcpkaRetryInterval" value="2"/>
                <Param id="tcpkaRetryCount" value="4"/>
                <Param id="tcpkaSrcPort0" value="0"/>
                <Param id="tcpkaDstPort0" value="0"/>
                <Param id="tcpkaDstIpAddr0" value="0.0.0.0"/>
                <Param id="tcpkaSrcPort2" value="4000"/>
                <Param id="tcpkaDstPort2" value="5000"/>
                <Param id="tcpkaDstIpAddr2" value="10.0.0.2"/>
                <Param id="tcpkaSrcPort3" value="4001"/>
                <Param id="tcpkaDstPort3" value="5001"/>
                <Param id="tcpkaDstIpAddr3" value="0.0.0.0"/>
              </Personality>
            </Block>
          </BlockConfig>
        </Device>
      </Devices>
    </Configuration>
    """

    /// The generated C for a keepalive + filter configuration (the shape of LPA's
    /// cy_tko_ol_cfg_t / cy_pf_ol_cfg_t initialisers), with an offload we do not have.
    static let generatedC = """
    /* cycfg_connectivity_wifi.c: our fixture, in the generated file's shape */
    #include "cycfg_connectivity_wifi.h"

    #define CYCFG_TKO_OL_ENABLED (1u)

    static tko_ol_t tko_ol_0_ctxt;
    static pf_ol_t pf_ol_0;
    static const cy_tko_ol_cfg_t cy_tko_ol_cfg_0 =
    {
        .interval        = 7,
        .retry_interval  = 0,
        .retry_count     = 5,
        .ports[0] =
        {
            .local_port  = 3353,
            .remote_port = 3360,
            "192.168.0.114"
        },
        .ports[1] =
        {
            .local_port  = 0,
            .remote_port = 0,
            "0.0.0.0"
        },
        .ports[2] =
        {
            .local_port  = 3355,
            .remote_port = 0,
            "192.168.0.114"
        },
        .ports[3] =
        {
            .local_port  = 0,
            .remote_port = 0,
            "0.0.0.0"
        },
    };
    static const cy_pf_ol_cfg_t cy_pf_ol_cfg_0[] =
    {
        [0u] = {.feature = CY_PF_OL_FEAT_ETHTYPE,
                .bits = CY_PF_ACTIVE_SLEEP | CY_PF_ACTIVE_WAKE,
                .id = 0u,
                .u = { .eth = { .eth_type = 0x806u, }, },
               },
        [1u] = {.feature = CY_PF_OL_FEAT_PORTNUM,
                .bits = CY_PF_ACTIVE_SLEEP,
                .id = 1u,
                .u = { .pf = { .portnum = {.portnum = 68u, .range = 0u, .direction = PF_PN_PORT_DEST,},
                               .proto = CY_PF_PROTOCOL_UDP, }, },
               },
        [2u] = {.feature = CY_PF_OL_FEAT_LAST},
    };
    static const ol_desc_t ol_list_0[] =
    {
        [0u] = { "TKO", &cy_tko_ol_cfg_0, &tko_ol_fns, &tko_ol_0_ctxt },
        [1u] = { "Pkt_Filter", &cy_pf_ol_cfg_0, &pf_ol_fns, &pf_ol_0 },
        [2u] = { "NULL_KA", NULL, NULL, NULL },
        [3u] = { NULL, NULL, NULL, NULL },
    };

    const ol_desc_t* cycfg_get_default_ol_list(void)
    {
        return &ol_list_0[0];
    }
    """

    /// The C example's app_config.h with a user's network.
    static let appConfig = """
    #ifndef APP_CONFIG_H_
    #define APP_CONFIG_H_
    /* Wi-Fi credentials */
    #define WIFI_SSID                         "HOME_AP"
    #define WIFI_PASSWORD                     "correct-horse-battery"
    #define WIFI_SECURITY_TYPE                CY_WCM_SECURITY_WPA2_AES_PSK
    #define NETWORK_INACTIVE_INTERVAL_MS      (300)
    #define NETWORK_INACTIVE_WINDOW_MS        (200)
    #define NETWORK_SUSPEND_DELAY_MS          (100)
    #define ENABLE_HOST_TCP_KEEPALIVE         (0)
    #endif
    """
}
