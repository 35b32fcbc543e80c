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
struct seq_file;

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

/* What the rx handler tells Rust about a frame. */
struct bondrs_rx_info {
	const u8 *data;		/* network header */
	u32 headlen;		/* linear bytes from data */
	u16 protocol;		/* host order */
	u8 pkt_type;
	bool link_local;	/* 01:80:c2:00:00:0x destination */
};

/* bondrs_arp_probe() results. */
#define BONDRS_ARP_SENT 0
#define BONDRS_ARP_SENT_NO_ROUTE 1
#define BONDRS_ARP_NOT_OURS 2
#define BONDRS_ARP_FAILED 3
bool bondrs_has_this_ip(struct net_device *bond_dev, __be32 ip);
int bondrs_arp_probe(struct net_device *bond_dev, struct net_device *slave_dev, __be32 target);

/* Results of bondrs_rust_handle_frame(). */
#define BONDRS_RX_ANOTHER 0
#define BONDRS_RX_EXACT 1
#define BONDRS_RX_PASS 2

void bondrs_slave_facts(const struct net_device *bond_dev,
			const struct net_device *dev,
			struct bondrs_slave_facts *f);
void bondrs_set_extack(struct netlink_ext_ack *extack, const char *msg);
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
int bondrs_speed_duplex(struct net_device *dev, u32 *speed, u8 *duplex);
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
};

/* Registers the rtnl link kind "bond" (-EEXIST while bonding.ko is loaded)
 * and the netdevice notifier.  New bonds call @ops->init(@ctx, dev). */
int bondrs_link_register(const struct bondrs_rust_ops *ops, void *ctx, u32 tx_queues);

#endif
