/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bonding_rs C glue: the kernel APIs a Rust module cannot reach from the 7.3
 * kernel crate (static inlines, macros, struct layouts the crate keeps opaque,
 * charp/array module parameters, ops tables).  No policy lives here: every
 * decision is made in Rust.  Only opaque pointers and fixed-width integers
 * cross this header, and ffi/ mirrors it by hand: the sizes are asserted on the
 * Rust side and checked against this header when the ops table is registered.
 */
#ifndef BONDING_RS_GLUE_H
#define BONDING_RS_GLUE_H

#include <linux/types.h>
#include <linux/build_bug.h>

struct net_device;
struct sk_buff;
struct in6_addr;
struct seq_file;
struct nlattr;

/* BOND_MAX_ARP_TARGETS (asserted in glue.c; options/defaults.rs in Rust). */
#define BONDRS_MAX_ARP_TARGETS 16

/* The bond's delayed work items: MII monitor, ARP monitor, IGMP resend
 * (numbered as ffi::Work). */
#define BONDRS_NR_WORK 3

/* The raw module parameters, as the kernel's parameter parser left them. */
struct bondrs_modparams {
	const char *mode;
	const char *primary;
	const char *primary_reselect;
	const char *lacp_rate;
	const char *ad_select;
	const char *xmit_hash_policy;
	const char *arp_validate;
	const char *arp_all_targets;
	const char *fail_over_mac;
	const char *arp_ip_target[BONDRS_MAX_ARP_TARGETS];
	s32 max_bonds;
	s32 tx_queues;
	s32 num_peer_notif;
	s32 miimon;
	s32 updelay;
	s32 downdelay;
	s32 use_carrier;
	s32 min_links;
	s32 arp_interval;
	s32 all_slaves_active;
	s32 resend_igmp;
	s32 packets_per_slave;
	u32 lp_interval;
	s32 fast_failover;
};
#define BONDRS_MODPARAMS_SIZE 256

/* ---- implemented in glue.c, called from Rust ---- */
void bondrs_get_modparams(struct bondrs_modparams *p);
const char *bondrs_uts_release(void);
/* Deletes every bond and unregisters the link kind. */
void bondrs_link_unregister(void);
struct net;
/* Creates one bond in @net under RTNL (bond_create()): named @name, or
 * "bond%d" when @name is NULL. */
int bondrs_create(struct net *net, const char *name);
/* Deletes the bond named @name (-ENODEV if there is no such bond). */
int bondrs_delete_by_name(struct net *net, const char *name, void (*found)(void *), void *ctx);
bool bondrs_dev_valid_name(const char *name);
struct net *bondrs_init_net(void);
void bondrs_for_each_bond(struct net *net, bool (*f)(void *, struct net_device *), void *ctx);
void bondrs_proc_refresh(struct net_device *bond_dev);
const char *bondrs_dev_name(const struct net_device *dev);
bool bondrs_carrier_ok(const struct net_device *dev);
struct net_device *bondrs_dev_get_by_name(const struct net_device *dev,
					  const char *name, size_t len);
unsigned int bondrs_real_num_tx_queues(const struct net_device *dev);
int bondrs_dev_ifindex(const struct net_device *dev);
/* Counts a transmit drop on @dev and frees @skb. */
void bondrs_tx_drop(struct net_device *dev, struct sk_buff *skb);

/* ---- slaves ---- */
struct netlink_ext_ack;
struct rtnl_link_stats64;

/* What enslave checks about a device, read in one call under RTNL. */
struct bondrs_slave_facts {
	u32 type;
	u32 bond_type;
	u32 mtu;
	u32 bond_mtu;
	u32 bond_flags;
	u32 addr_len;
	u8 dev_addr[32];
	u8 bond_addr[32];
	bool is_can;
	bool is_master_not_bond;
	bool rx_handler_busy;
	bool vlan_challenged;
	bool bond_uses_vlan;
	bool is_up;
	bool can_set_mac;
	bool bond_addr_random;
};
#define BONDRS_SLAVE_FACTS_SIZE 96

/* The fields a new device of the link kind gets in its setup (after
 * ether_setup() and the ops tables): Rust's choice, the glue applies it. */
struct bondrs_dev_template {
	u64 hw_features;	/* netdev_features_t */
	u64 features;		/* set on top of hw_features */
	u32 max_mtu;
	u32 flags;		/* IFF_* set */
	u32 priv_flags_set;	/* private IFF_* set, then */
	u32 priv_flags_clear;	/* these cleared */
	bool lltx;
	bool netns_immutable;
};
#define BONDRS_DEV_TEMPLATE_SIZE 40
/* Feature sets that are macros (netdev_features.h). */
u64 bondrs_features_master_upper_dev_vlan(void);
u64 bondrs_features_gso_encap_all(void);
/* netdev_base_features(), netdev_increment_features(),
 * netdev_add_tso_features(), dev->features. */
u64 bondrs_features_base(u64 features);
u64 bondrs_features_increment(u64 all, u64 one, u64 mask);
u64 bondrs_features_add_tso(u64 features, u64 mask);
u64 bondrs_dev_features(const struct net_device *dev);

/* What the rx handler tells Rust about a frame. */
struct bondrs_rx_info {
	const u8 *data;		/* network header */
	u32 headlen;		/* bytes at data: the linear part, or the
				 * first 64 copied when it is shorter */
	u16 protocol;		/* host order */
	u8 pkt_type;
	bool link_local;	/* 01:80:c2:00:00:0x destination */
};

/* Routes, addresses and neighbour frames (ffi/inet.rs). */
struct net_device *bondrs_route4_dev(const struct net_device *dev, __be32 daddr);
__be32 bondrs_inet_confirm_addr(struct net_device *dev, __be32 dst, __be32 local);
struct net_device *bondrs_upper_next_rcu(struct net_device *dev, void **iter);
bool bondrs_vlan_dev_tag(const struct net_device *dev, __be16 *proto, u16 *id);
struct sk_buff *bondrs_arp_request(struct net_device *dev, __be32 dip, __be32 sip);
void bondrs_arp_xmit(struct sk_buff *skb);
struct sk_buff *bondrs_vlan_insert(struct sk_buff *skb, __be16 proto, u16 id);
void bondrs_vlan_hwaccel(struct sk_buff *skb, __be16 proto, u16 id);
bool bondrs_ipv6_enabled(void);
struct net_device *bondrs_route6_dev(const struct net_device *dev, const struct in6_addr *daddr);
bool bondrs_ipv6_chk_addr(struct net_device *dev, const struct in6_addr *addr);
bool bondrs_ipv6_saddr(struct net_device *dev, const struct in6_addr *daddr,
		       struct in6_addr *saddr);
struct sk_buff *bondrs_ndisc_ns(struct net_device *dev, const struct in6_addr *target,
				const struct in6_addr *saddr);
void bondrs_ndisc_send(struct sk_buff *skb, const struct in6_addr *daddr,
		       const struct in6_addr *saddr);
void bondrs_dev_mc_ndisc(struct net_device *dev, const struct in6_addr *group, bool add);

/* Results of bondrs_rust_handle_frame(). */
#define BONDRS_RX_ANOTHER 0
#define BONDRS_RX_EXACT 1
#define BONDRS_RX_PASS 2

void bondrs_slave_facts(const struct net_device *bond_dev,
			const struct net_device *dev,
			struct bondrs_slave_facts *f);
void bondrs_set_extack(struct netlink_ext_ack *extack, const char *msg);
/* NL_SET_ERR_MSG_ATTR(@extack, @attr, @msg), or NL_SET_ERR_MSG() when @attr
 * is NULL, for a static string of the Rust side (with the tracepoint). */
void bondrs_set_extack_attr(struct netlink_ext_ack *extack, const char *msg,
			    const struct nlattr *attr);
/* The message @extack holds (NULL for none, or no @extack). */
const char *bondrs_extack_msg(const struct netlink_ext_ack *extack);
/* NL_SET_BAD_ATTR(). */
void bondrs_extack_bad_attr(struct netlink_ext_ack *extack, const struct nlattr *attr);
void bondrs_notify_join(struct net_device *dev);
int bondrs_take_slave_addr(struct net_device *bond_dev, struct net_device *slave_dev);
void bondrs_random_addr(struct net_device *bond_dev);
void bondrs_notify_changeaddr_release(struct net_device *bond_dev);
int bondrs_dev_set_mtu(struct net_device *dev, u32 mtu);
/* __netif_set_mtu(): no notifiers; needs RTNL and the instance ops lock. */
int bondrs_netif_set_mtu(struct net_device *dev, u32 mtu);
/* vlan_vid_add()/vlan_vid_del() (proto: the TPID in host order) and
 * vlan_vids_add_by_dev()/vlan_vids_del_by_dev(); RTNL. */
int bondrs_vlan_vid_add(struct net_device *dev, u16 proto, u16 vid);
void bondrs_vlan_vid_del(struct net_device *dev, u16 proto, u16 vid);
int bondrs_vlan_vids_add_by_dev(struct net_device *dev, const struct net_device *by_dev);
void bondrs_vlan_vids_del_by_dev(struct net_device *dev, const struct net_device *by_dev);
int bondrs_dev_set_mac(struct net_device *dev, const u8 *addr, u32 len,
		       struct netlink_ext_ack *extack);
int bondrs_dev_open(struct net_device *dev, struct netlink_ext_ack *extack);
void bondrs_dev_close(struct net_device *dev);
void bondrs_slave_priv_flags(struct net_device *dev, bool no_addrconf, bool bonding);
/* 0 and the values, or 1 with SPEED_UNKNOWN/DUPLEX_UNKNOWN. */
/* Needs RTNL and the instance ops lock (netdev_lock_ops). */
int bondrs_link_ksettings(struct net_device *dev, u32 *speed, u8 *duplex);
void bondrs_lock_ops(struct net_device *dev);
void bondrs_unlock_ops(struct net_device *dev);
bool bondrs_running_carrier(const struct net_device *dev);
/* The rx handler data of @dev if its rx handler is bonding_rs's, else NULL. */
void *bondrs_slave_of(const struct net_device *dev);
int bondrs_rx_handler_register(struct net_device *bond_dev, struct net_device *dev, void *slave);
void bondrs_shadow_set_mode(struct net_device *bond_dev, u32 mode);
void bondrs_shadow_set_active(struct net_device *bond_dev, struct net_device *slave_dev);
void bondrs_rx_handler_unregister(struct net_device *dev);
int bondrs_upper_link(struct net_device *slave_dev, struct net_device *bond_dev,
		      void *slave, u32 tx_type, u32 hash_type,
		      struct netlink_ext_ack *extack);
void bondrs_upper_unlink(struct net_device *slave_dev, struct net_device *bond_dev);
void bondrs_lower_state_changed(struct net_device *slave_dev, s8 link, bool link_up,
				bool tx_enabled, bool inactive);
void bondrs_compute_features(struct net_device *bond_dev);
void bondrs_set_carrier(struct net_device *dev, bool on);
int bondrs_promisc_allmulti(struct net_device *dev, s32 promisc_inc, s32 allmulti_inc);
void bondrs_addr_lists_sync(struct net_device *slave_dev, struct net_device *bond_dev,
			    bool sync, bool bond_addr_locked);
u16 bondrs_skb_queue_mapping(const struct sk_buff *skb);
void bondrs_xmit_on(struct sk_buff *skb, struct net_device *slave_dev);
struct sk_buff *bondrs_skb_clone(struct sk_buff *skb);
void bondrs_dev_stats(struct net_device *dev, struct rtnl_link_stats64 *out);
void bondrs_stats_lock(struct net_device *bond_dev);
void bondrs_stats_unlock(struct net_device *bond_dev);
u32 bondrs_dev_flags(const struct net_device *dev);
void *bondrs_kmalloc_nofail(size_t size);
void bondrs_dev_hold(struct net_device *dev);
void bondrs_dev_put(struct net_device *dev);
/* dev_addr_set(): @addr has dev->addr_len bytes. */
void bondrs_dev_addr_set(struct net_device *dev, const u8 *addr);
u32 bondrs_dev_addr(const struct net_device *dev, u8 *buf, u32 size);
/* What the transmit hash reads of an skb besides its bytes. */
struct bondrs_skb_meta {
	const u8 *data;		/* skb->data, headlen linear bytes */
	u32 headlen;
	s32 network_offset;
	u32 hash;
	u16 protocol;	/* host order */
	u16 vlan_tci;
	bool vlan_present;
	bool l4_hash;
};
void bondrs_skb_meta(const struct sk_buff *skb, struct bondrs_skb_meta *m);
/* ---- work items, RTNL, notifications ---- */
void bondrs_work_queue(struct net_device *bond_dev, u32 which, unsigned long delay);
void bondrs_work_mod(struct net_device *bond_dev, u32 which, unsigned long delay);
void bondrs_work_cancel_sync(struct net_device *bond_dev, u32 which);
unsigned long bondrs_msecs_to_jiffies(u32 ms);
unsigned long bondrs_jiffies(void);
bool bondrs_rtnl_trylock(void);
void bondrs_rtnl_unlock(void);
bool bondrs_net_ratelimit(void);
void bondrs_call_notifiers(struct net_device *dev, u32 event);
bool bondrs_linkwatch_pending(const struct net_device *dev);
bool bondrs_need_ops_lock(const struct net_device *dev);

/* slave_err/warn/info (@level 3, 4, 6) with a Rust fmt::Arguments (%pA);
 * netdev_err/warn/info on the bond when @slave_dev is NULL. */
void bondrs_slave_printk(int level, const struct net_device *bond_dev,
			 const struct net_device *slave_dev, const void *args);

/* ---- runtime options: rtnetlink (ffi/netlink.c) and sysfs (ffi/sysfs.c) ---- */

/*
 * One option value for ->opt_set, as bond_opt_initval()/initstr()/
 * initextra()/bond_opt_slave_initval() make it: @value is BONDRS_OPTVAL_NONE
 * (ULLONG_MAX) whenever @str or @extra is set, and the number otherwise,
 * converted exactly as bond_netlink.c converts it (the attribute read into
 * an int, then to u64: a u32 attribute >= 2^31 becomes a huge value, as in
 * the C driver).  Encodings:
 *  - sysfs writes: @str = a NUL-terminated copy of the @count bytes written
 *    (kstrndup(): the trailing newline, if any, is kept, as
 *    bond_opt_tryset_rtnl() hands it to bond_opt_parse()).
 *  - IFLA_BOND_ACTIVE_SLAVE / IFLA_BOND_PRIMARY: @str = the device name
 *    (or "" for ifindex 0 / no such device for PRIMARY).
 *  - IFLA_BOND_ARP_IP_TARGET (id BOND_OPT_ARP_TARGETS): first one "clear
 *    all" call, @value = BONDRS_OPTVAL_NONE with @str and @extra NULL
 *    (bond_option_arp_ip_targets_clear()); then one call per nested target,
 *    @value = the __be32 as (__force u64), i.e. the network-order bytes as
 *    a host integer zero-extended (never BONDRS_OPTVAL_NONE; 0.0.0.0 is 0).
 *  - IFLA_BOND_NS_IP6_TARGET (id BOND_OPT_NS_TARGETS): first a "clear all"
 *    call (@value BONDRS_OPTVAL_NONE, @str and @extra NULL), then one call
 *    per target with @extra = the in6_addr, @extra_len = 16.
 *  - IFLA_BOND_AD_ACTOR_SYSTEM: @extra = the ETH_ALEN bytes, @extra_len 6,
 *    and @value = nla_get_u64() of them, what bond_opt_initval() gets in the
 *    C driver (for its "invalid value (%llu)" message).
 *  - IFLA_BOND_SLAVE_QUEUE_ID: @str = "<slave name>:<queue_id>\n" to
 *    BOND_OPT_QUEUE_ID, as bond_slave_changelink() formats it.
 *  - IFLA_BOND_SLAVE_PRIO / _ACTOR_PORT_PRIO: @slave_dev = the slave,
 *    @value = the s32 / u16 converted through int to u64 (-1 is ULLONG_MAX).
 */
struct bondrs_optval {
	u64 value;			/* the number, when @str and @extra are NULL */
	const char *str;		/* NUL-terminated string (sysfs writes, device names), or NULL */
	const void *extra;		/* binary value (ad_actor_system MAC, one IPv6 ns target), or NULL */
	u32 extra_len;
	struct net_device *slave_dev;	/* the slave, for per-slave options (queue_id/prio over netlink), or NULL */
};
#define BONDRS_OPTVAL_NONE ULLONG_MAX
#define BONDRS_OPTVAL_SIZE 40

/*
 * One step of an rtnetlink change, for ->changelink: netlink.c decodes the
 * attributes of bond_changelink() (and bond_slave_changelink()) into an
 * array of these, in the C driver's order, and Rust walks it, applies the
 * checks bond_changelink() makes itself and sets each option as ->opt_set
 * does, stopping at the first error.  @attr is the attribute an extack
 * message about the step points at.  Kinds:
 *  - BONDRS_NL_OPT: set option @id (BOND_OPT_*) to @val (encoded as for
 *    ->opt_set).
 *  - BONDRS_NL_USE_CARRIER: IFLA_BOND_USE_CARRIER, @val.value its u8.
 *  - BONDRS_NL_TARGETS_BEGIN: a target list (@id BOND_OPT_ARP_TARGETS for
 *    IFLA_BOND_ARP_IP_TARGET, BOND_OPT_NS_TARGETS for
 *    IFLA_BOND_NS_IP6_TARGET) starts: "clear all"; its targets follow as
 *    BONDRS_NL_OPT steps of the same @id, then BONDRS_NL_TARGETS_END.
 *  - BONDRS_NL_TARGETS_END: the list of @id ends.
 *  - BONDRS_NL_DECODE_ERR: an attribute did not decode (an ifindex with no
 *    device, a short target, an ad_actor_system that is no MAC address):
 *    fail with -@val.value, no extack message.  Always the last step.
 *  - BONDRS_NL_BAD_IPV6: an NS target shorter than an in6_addr (fail with
 *    -EINVAL and bond_changelink()'s message).  Always the last step.
 */
#define BONDRS_NL_OPT			0
#define BONDRS_NL_USE_CARRIER		1
#define BONDRS_NL_TARGETS_BEGIN		2
#define BONDRS_NL_TARGETS_END		3
#define BONDRS_NL_DECODE_ERR		4
#define BONDRS_NL_BAD_IPV6		5

struct bondrs_nl_step {
	u32 kind;			/* BONDRS_NL_* */
	u32 id;				/* BOND_OPT_* (OPT, TARGETS_BEGIN/END) */
	struct bondrs_optval val;	/* OPT; value only for USE_CARRIER, DECODE_ERR */
	const struct nlattr *attr;	/* the request's attribute, or NULL */
};
#define BONDRS_NL_STEP_SIZE 56

/*
 * What bond_fill_info() puts, filled by Rust under RCU.  The glue omits
 * what the C driver omits: IFLA_BOND_ACTIVE_SLAVE when
 * @active_slave_ifindex is 0 (Rust gives 0 too in a mode that does not use
 * an active slave), IFLA_BOND_PRIMARY when @primary_ifindex is 0, empty
 * target nests; the ad_* ones unless @mode is 4 (802.3ad) and the reader has
 * CAP_NET_ADMIN.  Delays are in ms (the C driver's ticks * miimon).
 */
struct bondrs_bond_info {
	u32 active_slave_ifindex, primary_ifindex;	/* 0 = none/omit */
	u32 miimon, updelay_ms, downdelay_ms, peer_notif_delay_ms, arp_interval;
	u32 arp_validate, arp_all_targets, resend_igmp, min_links, lp_interval, packets_per_slave;
	__be32 arp_targets[16];			/* 0 = unused slot */
	u8 ns_targets[16][16];			/* struct in6_addr; :: = unused slot */
	u16 ad_actor_sys_prio, ad_user_port_key;
	u8 mode, primary_reselect, fail_over_mac, xmit_hash_policy, num_peer_notif,
	   all_slaves_active, lacp_active, lacp_rate, ad_select, tlb_dynamic_lb,
	   missed_max, coupled_control, broadcast_neighbor, lacp_strict;
	u8 ad_actor_system[6];
};
#define BONDRS_BOND_INFO_SIZE 396

/* What bond_fill_slave_info() puts, filled by Rust under RTNL. */
struct bondrs_slave_info {
	u32 link_failure_count;
	s32 prio;
	u16 queue_id;
	u8 state;		/* BOND_STATE_ACTIVE 0 / BACKUP 1 */
	u8 mii_status;		/* BOND_LINK_UP 0 .. BOND_LINK_BACK 3 */
	u8 perm_hwaddr[32];	/* MAX_ADDR_LEN */
	u8 addr_len;		/* bytes of perm_hwaddr Rust saved (the glue puts
				 * slave_dev->addr_len bytes, as the C driver) */
};
#define BONDRS_SLAVE_INFO_SIZE 48

/*
 * sysfs files of /sys/class/net/<bond>/bonding/ that are no option of
 * bond_opts[]: their ->opt_show id (64.., beyond BOND_OPT_LAST, in
 * per_bond_attrs[] order, as options/show.rs numbers them; every other file
 * shows with the BOND_OPT_* id of its option, num_grat_arp with
 * BOND_OPT_NUM_PEER_NOTIF_ALIAS, num_unsol_na with BOND_OPT_NUM_PEER_NOTIF).
 */
#define BONDRS_SHOW_MII_STATUS		64
#define BONDRS_SHOW_AD_AGGREGATOR	65
#define BONDRS_SHOW_AD_NUM_PORTS	66
#define BONDRS_SHOW_AD_ACTOR_KEY	67
#define BONDRS_SHOW_AD_PARTNER_KEY	68
#define BONDRS_SHOW_AD_PARTNER_MAC	69

/* The files of /sys/class/net/<slave>/bonding_slave/ (bond_sysfs_slave.c),
 * for ->slave_show. */
#define BONDRS_SLAVE_ATTR_STATE				0
#define BONDRS_SLAVE_ATTR_MII_STATUS			1
#define BONDRS_SLAVE_ATTR_LINK_FAILURE_COUNT		2
#define BONDRS_SLAVE_ATTR_PERM_HWADDR			3
#define BONDRS_SLAVE_ATTR_QUEUE_ID			4
#define BONDRS_SLAVE_ATTR_AD_AGGREGATOR_ID		5
#define BONDRS_SLAVE_ATTR_AD_ACTOR_OPER_PORT_STATE	6
#define BONDRS_SLAVE_ATTR_AD_PARTNER_OPER_PORT_STATE	7
#define BONDRS_SLAVE_ATTR_COUNT				8

/*
 * /sys/class/net/<slave>/bonding_slave/ (bond_sysfs_slave.c), made for
 * @slave_dev under RTNL: 0 and the directory's handle in *@handle, or
 * -errno.  Each read finds the slave's state anew under RCU, as the
 * netdevice notifier does (the rx handler data of a device whose rx handler
 * is bonding_rs's, the master its upper device) and shows through
 * ->slave_show; nothing (0 bytes) once the device is no slave of a
 * bonding_rs bond.  _del (RTNL held) removes the directory, waiting for
 * running reads; call it before the slave's device goes away (at release).
 */
int bondrs_slave_sysfs_add(struct net_device *slave_dev, void **handle);
void bondrs_slave_sysfs_del(void *handle);

/*
 * ---- implemented in Rust, called from glue.c ----
 * The Rust side fills this table from its generic adapter (ffi/link.rs,
 * `Adapter<T: Device>`) and hands it to bondrs_link_register(); glue.c calls
 * through it and never names a Rust symbol.  @rust is the state that ->init
 * returned for the device, @slave the rx handler data of a slave.
 */
struct bondrs_rust_ops {
	/* sizeof(struct bondrs_rust_ops) and the sizes of every struct shared
	 * with Rust, as Rust sees them: bondrs_link_register() refuses a table
	 * whose layout does not match this header. */
	u32 abi_ops_size;
	u32 abi_nr_work;
	u32 abi_slave_facts_size;
	u32 abi_modparams_size;
	u32 abi_rx_info_size;
	u32 abi_skb_meta_size;
	u32 abi_optval_size;
	u32 abi_bond_info_size;
	u32 abi_slave_info_size;
	u32 abi_nl_step_size;
	/* Allocates the state of a new device; NULL on failure. */
	void *(*init)(void *ctx, struct net_device *dev);
	/* Frees it (the device's priv_destructor). */
	void (*free)(void *rust);
	int (*open)(void *rust, struct net_device *dev);
	int (*stop)(void *rust, struct net_device *dev);
	/* ndo_uninit, under RTNL. */
	void (*uninit)(void *rust, struct net_device *dev);
	/* Always consumes @skb. */
	void (*start_xmit)(void *rust, struct sk_buff *skb, struct net_device *dev);
	void (*get_stats64)(void *rust, struct net_device *dev, struct rtnl_link_stats64 *out);
	/* ethtool, under RTNL. */
	void (*link_ksettings)(void *rust, struct net_device *dev, u32 *speed, u8 *duplex);
	/* Runs work item @which; returns the re-arm delay in jiffies, or < 0. */
	long (*work)(void *rust, struct net_device *dev, u32 which);
	/* ndo_vlan_rx_add_vid (@add) / ndo_vlan_rx_kill_vid; @proto in host order. */
	int (*vlan_rx_vid)(void *rust, struct net_device *dev, u16 proto, u16 vid, bool add);
	int (*add_slave)(void *rust, struct net_device *dev, struct net_device *slave_dev,
			 struct netlink_ext_ack *extack);
	int (*del_slave)(void *rust, struct net_device *dev, struct net_device *slave_dev);
	void (*change_rx_flags)(void *rust, struct net_device *dev, bool promisc_changed,
				bool allmulti_changed, bool promisc, bool allmulti);
	/* Bond's address lock held. */
	void (*set_rx_mode)(void *rust, struct net_device *dev);
	/* ndo_set_mac_address (RTNL held); @addr has @len bytes. */
	int (*set_mac)(void *rust, struct net_device *dev, const u8 *addr, u32 len);
	/* ndo_change_mtu (RTNL held): the slaves first; the glue stores @new_mtu
	 * in the bond when this returns 0. */
	int (*change_mtu)(void *rust, struct net_device *dev, u32 old_mtu, u32 new_mtu);
	int (*proc_show)(void *rust, struct seq_file *m, struct net_device *dev);
	/* A netdevice event on a slave of the bond @bond_dev (RTNL held). */
	void (*slave_event)(void *rust, struct net_device *bond_dev, void *slave,
			    struct net_device *slave_dev, unsigned long event);
	/* The rx handler's verdict (BONDRS_RX_*) for a frame on a slave (RCU). */
	int (*handle_frame)(void *rust, struct net_device *bond_dev, void *slave,
			    const struct bondrs_rx_info *info);
	/* A netdevice event on a bond device itself (RTNL held). */
	void (*bond_event)(void *rust, struct net_device *dev, unsigned long event);
	/* bonding_masters of @net: show into a PAGE_SIZE @buf; store "+name"
	 * (create) or "-name" (delete). */
	ssize_t (*masters_show)(void *ctx, struct net *net, char *buf);
	ssize_t (*masters_store)(void *ctx, struct net *net, const char *buf, size_t count);
	/* Sets option @id (BOND_OPT_* numbering; @val encoded as struct
	 * bondrs_optval says) on the live bond: a sysfs store; RTNL held.
	 * 0 or -errno; the message goes to @extack, or to the log when @extack
	 * is NULL (sysfs).  Sends no notification: the sysfs store sends
	 * NETDEV_CHANGEINFODATA after a success, as __bond_opt_set_notify().
	 * rtnetlink changes go through ->changelink. */
	int (*opt_set)(void *rust, struct net_device *dev, u32 id,
		       const struct bondrs_optval *val, struct netlink_ext_ack *extack);
	/* An rtnetlink change (changelink, newlink once registered,
	 * slave_changelink): the @n steps in order, as struct bondrs_nl_step
	 * says, stopping at the first that fails; RTNL held.  0 or -errno,
	 * the message in @extack.  Sends no notification. */
	int (*changelink)(void *rust, struct net_device *dev, const struct bondrs_nl_step *steps,
			  u32 n, struct netlink_ext_ack *extack);
	/* sysfs show of bond file @id (BOND_OPT_* or BONDRS_SHOW_*) into a
	 * PAGE_SIZE @buf (RTNL not held; Rust takes RCU); the length. */
	ssize_t (*opt_show)(void *rust, struct net_device *dev, u32 id, char *buf);
	/* bonding_slave/ file @which (BONDRS_SLAVE_ATTR_*) of @slave (rx
	 * handler data), into a PAGE_SIZE @buf; under RCU. */
	ssize_t (*slave_show)(void *rust, struct net_device *bond_dev, void *slave, u32 which,
			      char *buf);
	/* bond_fill_info()'s values; RTNL or RCU held (the glue holds RCU). */
	void (*bond_info)(void *rust, struct net_device *dev, struct bondrs_bond_info *info);
	/* bond_fill_slave_info()'s values of @slave (rx handler data); RTNL. */
	void (*slave_info)(void *rust, struct net_device *bond_dev, void *slave,
			   struct bondrs_slave_info *info);
	/* ndo_fix_features (RTNL held): the features the device may have
	 * out of the @features asked for. */
	u64 (*fix_features)(void *rust, struct net_device *dev, u64 features);
};

/* Registers the rtnl link kind "bond" (-EEXIST while bonding.ko is loaded)
 * and the netdevice notifier.  New bonds call @ops->init(@ctx, dev). */
int bondrs_link_register(const struct bondrs_rust_ops *ops, void *ctx, u32 tx_queues,
			 const struct bondrs_dev_template *tmpl);

#endif
