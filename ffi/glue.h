/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bonding_rs C glue: the kernel APIs a Rust module cannot reach from the 7.3
 * kernel crate (static inlines, macros, struct layouts the crate keeps opaque,
 * charp/array module parameters, ops tables).  No policy lives here: every
 * decision is made in Rust.  Only opaque pointers and fixed-width integers
 * cross this header, and ffi/mod.rs mirrors it by hand (ABI checked by the
 * sizes asserted on both sides).
 */
#ifndef BONDING_RS_GLUE_H
#define BONDING_RS_GLUE_H

#include <linux/types.h>

struct net_device;
struct sk_buff;
struct seq_file;

#define BONDRS_MAX_ARP_TARGETS 16

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
};
#define BONDRS_MODPARAMS_SIZE 256

/* ---- implemented in glue.c, called from Rust ---- */
void bondrs_get_modparams(struct bondrs_modparams *p);
const char *bondrs_uts_release(void);
int bondrs_proc_dir_create(void);
void bondrs_proc_dir_remove(void);
/* Registers the rtnl link kind "bond" (-EEXIST while bonding.ko is loaded)
 * and the rename notifier.  New bonds call bondrs_rust_init(@ctx, dev). */
int bondrs_link_register(void *ctx, u32 tx_queues);
/* Deletes every bond and unregisters the link kind. */
void bondrs_link_unregister(void);
/* Creates one bond in init_net under RTNL (bond_create()): named @name, or
 * "bond%d" when @name is NULL. */
int bondrs_create(const char *name);
/* Deletes the bond named @name (-ENODEV if there is no such bond). */
int bondrs_delete_by_name(const char *name);
bool bondrs_dev_valid_name(const char *name);
/* /sys/class/net/bonding_masters in init_net. */
int bondrs_masters_create(void);
void bondrs_masters_remove(void);
const char *bondrs_dev_name(const struct net_device *dev);
bool bondrs_carrier_ok(const struct net_device *dev);
/* Counts a transmit drop on @dev and frees @skb. */
void bondrs_tx_drop(struct net_device *dev, struct sk_buff *skb);

/* ---- implemented in Rust (ffi/mod.rs), called from glue.c ---- */
/* Allocates the Rust Bond of a new device; NULL on failure. */
void *bondrs_rust_init(void *ctx, struct net_device *dev);
/* Frees it (the device's priv_destructor). */
void bondrs_rust_free(void *rust);
/* Store of bonding_masters: "+name" creates, "-name" deletes a bond. */
ssize_t bondrs_rust_masters_store(void *ctx, const char *buf, size_t count);
int bondrs_rust_open(void *rust, struct net_device *dev);
int bondrs_rust_stop(void *rust, struct net_device *dev);
/* Always consumes @skb; returns NETDEV_TX_OK. */
int bondrs_rust_start_xmit(void *rust, struct sk_buff *skb, struct net_device *dev);
/* ndo_vlan_rx_add_vid (@add) / ndo_vlan_rx_kill_vid; @proto in host order. */
int bondrs_rust_vlan_rx_vid(void *rust, struct net_device *dev, u16 proto, u16 vid, bool add);
int bondrs_rust_proc_show(void *rust, struct seq_file *m, struct net_device *dev);

#endif
