// SPDX-License-Identifier: GPL-2.0
/*
 * bonding_rs C glue.  See glue.h: plumbing only, no policy.
 */
#include <generated/utsrelease.h>
#include <linux/etherdevice.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <net/net_namespace.h>
#include <net/netdev_lock.h>

#include "glue.h"

static_assert(sizeof(struct bondrs_modparams) == BONDRS_MODPARAMS_SIZE);

/*
 * Module parameters: the same names, types and defaults as bond_main.c, so
 * the kernel's parameter parser accepts and refuses exactly what it does for
 * bonding.ko.  Validation is Rust's (params.rs).
 */
static int max_bonds = 1;
static int tx_queues = 16;
static int num_peer_notif = 1;
static int miimon;
static int updelay;
static int downdelay;
static int use_carrier = 1;
static char *mode;
static char *primary;
static char *primary_reselect;
static char *lacp_rate;
static int min_links;
static char *ad_select;
static char *xmit_hash_policy;
static int arp_interval;
static char *arp_ip_target[BONDRS_MAX_ARP_TARGETS];
static char *arp_validate;
static char *arp_all_targets;
static char *fail_over_mac;
static int all_slaves_active;
static int resend_igmp = 1;
static int packets_per_slave = 1;
static unsigned int lp_interval = 1;

module_param(max_bonds, int, 0);
MODULE_PARM_DESC(max_bonds, "Max number of bonded devices");
module_param(tx_queues, int, 0);
MODULE_PARM_DESC(tx_queues, "Max number of transmit queues (default = 16)");
module_param_named(num_grat_arp, num_peer_notif, int, 0644);
MODULE_PARM_DESC(num_grat_arp, "Number of peer notifications to send on failover event (alias of num_unsol_na)");
module_param_named(num_unsol_na, num_peer_notif, int, 0644);
MODULE_PARM_DESC(num_unsol_na, "Number of peer notifications to send on failover event (alias of num_grat_arp)");
module_param(miimon, int, 0);
MODULE_PARM_DESC(miimon, "Link check interval in milliseconds");
module_param(updelay, int, 0);
MODULE_PARM_DESC(updelay, "Delay before considering link up, in milliseconds");
module_param(downdelay, int, 0);
MODULE_PARM_DESC(downdelay, "Delay before considering link down, in milliseconds");
module_param(use_carrier, int, 0);
MODULE_PARM_DESC(use_carrier, "option obsolete, use_carrier cannot be disabled");
module_param(mode, charp, 0);
MODULE_PARM_DESC(mode, "Mode of operation; 0 for balance-rr, 1 for active-backup, 2 for balance-xor, 3 for broadcast, 4 for 802.3ad, 5 for balance-tlb, 6 for balance-alb");
module_param(primary, charp, 0);
MODULE_PARM_DESC(primary, "Primary network device to use");
module_param(primary_reselect, charp, 0);
MODULE_PARM_DESC(primary_reselect, "Reselect primary slave once it comes up; 0 for always (default), 1 for only if speed of primary is better, 2 for only on active slave failure");
module_param(lacp_rate, charp, 0);
MODULE_PARM_DESC(lacp_rate, "LACPDU tx rate to request from 802.3ad partner; 0 for slow, 1 for fast");
module_param(ad_select, charp, 0);
MODULE_PARM_DESC(ad_select, "802.3ad aggregation selection logic; 0 for stable (default), 1 for bandwidth, 2 for count");
module_param(min_links, int, 0);
MODULE_PARM_DESC(min_links, "Minimum number of available links before turning on carrier");
module_param(xmit_hash_policy, charp, 0);
MODULE_PARM_DESC(xmit_hash_policy, "balance-alb, balance-tlb, balance-xor, 802.3ad hashing method; 0 for layer 2 (default), 1 for layer 3+4, 2 for layer 2+3, 3 for encap layer 2+3, 4 for encap layer 3+4, 5 for vlan+srcmac");
module_param(arp_interval, int, 0);
MODULE_PARM_DESC(arp_interval, "arp interval in milliseconds");
module_param_array(arp_ip_target, charp, NULL, 0);
MODULE_PARM_DESC(arp_ip_target, "arp targets in n.n.n.n form");
module_param(arp_validate, charp, 0);
MODULE_PARM_DESC(arp_validate, "validate src/dst of ARP probes; 0 for none (default), 1 for active, 2 for backup, 3 for all");
module_param(arp_all_targets, charp, 0);
MODULE_PARM_DESC(arp_all_targets, "fail on any/all arp targets timeout; 0 for any (default), 1 for all");
module_param(fail_over_mac, charp, 0);
MODULE_PARM_DESC(fail_over_mac, "For active-backup, do not set all slaves to the same MAC; 0 for none (default), 1 for active, 2 for follow");
module_param(all_slaves_active, int, 0);
MODULE_PARM_DESC(all_slaves_active, "Keep all frames received on an interface by setting active flag for all slaves; 0 for never (default), 1 for always.");
module_param(resend_igmp, int, 0);
MODULE_PARM_DESC(resend_igmp, "Number of IGMP membership reports to send on link failure");
module_param(packets_per_slave, int, 0);
MODULE_PARM_DESC(packets_per_slave, "Packets to send per slave in balance-rr mode; 0 for a random slave, 1 packet per slave (default), >1 packets per slave.");
module_param(lp_interval, uint, 0);
MODULE_PARM_DESC(lp_interval, "The number of seconds between instances where the bonding driver sends learning packets to each slaves peer switch. The default is 1.");

void bondrs_get_modparams(struct bondrs_modparams *p)
{
	int i;

	p->mode = mode;
	p->primary = primary;
	p->primary_reselect = primary_reselect;
	p->lacp_rate = lacp_rate;
	p->ad_select = ad_select;
	p->xmit_hash_policy = xmit_hash_policy;
	p->arp_validate = arp_validate;
	p->arp_all_targets = arp_all_targets;
	p->fail_over_mac = fail_over_mac;
	for (i = 0; i < BONDRS_MAX_ARP_TARGETS; i++)
		p->arp_ip_target[i] = arp_ip_target[i];
	p->max_bonds = max_bonds;
	p->tx_queues = tx_queues;
	p->num_peer_notif = num_peer_notif;
	p->miimon = miimon;
	p->updelay = updelay;
	p->downdelay = downdelay;
	p->use_carrier = use_carrier;
	p->min_links = min_links;
	p->arp_interval = arp_interval;
	p->all_slaves_active = all_slaves_active;
	p->resend_igmp = resend_igmp;
	p->packets_per_slave = packets_per_slave;
	p->lp_interval = lp_interval;
}

const char *bondrs_uts_release(void)
{
	return UTS_RELEASE;
}

/* ---- /proc/net/bonding ---- */

/* Named "bonding" like the C driver's directory, which users and scripts read. */
#define BONDRS_PROC_DIR "bonding"
static struct proc_dir_entry *bondrs_proc_dir;

int bondrs_proc_dir_create(void)
{
	bondrs_proc_dir = proc_mkdir(BONDRS_PROC_DIR, init_net.proc_net);
	return bondrs_proc_dir ? 0 : -EEXIST;
}

void bondrs_proc_dir_remove(void)
{
	if (bondrs_proc_dir)
		remove_proc_entry(BONDRS_PROC_DIR, init_net.proc_net);
	bondrs_proc_dir = NULL;
}

/* ---- the bond net_device ---- */

struct bondrs_priv {
	void *rust;			/* the Rust Bond, owned through this device */
	struct proc_dir_entry *proc;	/* /proc/net/bonding/<name> */
};

/* The Rust module context given to bondrs_link_register(). */
static void *bondrs_ctx;
static unsigned int bondrs_tx_queues = 16;

static struct bondrs_priv *bondrs_priv(const struct net_device *dev)
{
	return netdev_priv(dev);
}

static int bondrs_proc_show(struct seq_file *m, void *v)
{
	struct net_device *dev = m->private;

	return bondrs_rust_proc_show(bondrs_priv(dev)->rust, m, dev);
}

static void bondrs_proc_add(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);

	if (!bondrs_proc_dir)
		return;
	bp->proc = proc_create_single_data(dev->name, 0444, bondrs_proc_dir,
					   bondrs_proc_show, dev);
	if (!bp->proc)
		netdev_warn(dev, "Cannot create /proc/net/%s/%s\n",
			    BONDRS_PROC_DIR, dev->name);
}

static void bondrs_proc_del(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);

	/* Waits for readers of the file to finish. */
	proc_remove(bp->proc);
	bp->proc = NULL;
}

static int bondrs_ndo_init(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);

	bp->rust = bondrs_rust_init(bondrs_ctx, dev);
	if (!bp->rust)
		return -ENOMEM;
	netdev_lockdep_set_classes(dev);
	/* Ensure a valid dev_addr, as bond_init() does. */
	if (is_zero_ether_addr(dev->dev_addr) &&
	    dev->addr_assign_type == NET_ADDR_PERM)
		eth_hw_addr_random(dev);
	bondrs_proc_add(dev);
	return 0;
}

static void bondrs_ndo_uninit(struct net_device *dev)
{
	bondrs_proc_del(dev);
}

static void bondrs_destructor(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);

	if (bp->rust)
		bondrs_rust_free(bp->rust);
	bp->rust = NULL;
}

static int bondrs_ndo_open(struct net_device *dev)
{
	return bondrs_rust_open(bondrs_priv(dev)->rust, dev);
}

static int bondrs_ndo_stop(struct net_device *dev)
{
	return bondrs_rust_stop(bondrs_priv(dev)->rust, dev);
}

static netdev_tx_t bondrs_ndo_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	bondrs_rust_start_xmit(bondrs_priv(dev)->rust, skb, dev);
	return NETDEV_TX_OK;
}

static int bondrs_ndo_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	return bondrs_rust_vlan_rx_vid(bondrs_priv(dev)->rust, dev, ntohs(proto), vid, true);
}

static int bondrs_ndo_vlan_rx_kill_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	return bondrs_rust_vlan_rx_vid(bondrs_priv(dev)->rust, dev, ntohs(proto), vid, false);
}

static const struct net_device_ops bondrs_netdev_ops = {
	.ndo_init		= bondrs_ndo_init,
	.ndo_uninit		= bondrs_ndo_uninit,
	.ndo_open		= bondrs_ndo_open,
	.ndo_stop		= bondrs_ndo_stop,
	.ndo_start_xmit		= bondrs_ndo_start_xmit,
	.ndo_features_check	= passthru_features_check,
	.ndo_vlan_rx_add_vid	= bondrs_ndo_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= bondrs_ndo_vlan_rx_kill_vid,
};

static const struct device_type bondrs_type = {
	.name = "bond",
};

/* The device fields bond_setup() sets, the same way. */
static void bondrs_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->max_mtu = ETH_MAX_MTU;
	dev->netdev_ops = &bondrs_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = bondrs_destructor;
	SET_NETDEV_DEVTYPE(dev, &bondrs_type);
	dev->flags |= IFF_MASTER;
	dev->priv_flags |= IFF_BONDING | IFF_UNICAST_FLT | IFF_NO_QUEUE;
	dev->priv_flags &= ~(IFF_XMIT_DST_RELEASE | IFF_TX_SKB_SHARING);
	dev->lltx = true;
	dev->netns_immutable = true;
	dev->hw_features = MASTER_UPPER_DEV_VLAN_FEATURES |
			   NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_FILTER |
			   NETIF_F_HW_VLAN_STAG_RX | NETIF_F_HW_VLAN_STAG_FILTER;
	dev->hw_features |= NETIF_F_GSO_ENCAP_ALL;
	dev->features |= dev->hw_features;
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->features |= NETIF_F_GSO_PARTIAL;
}

static int bondrs_newlink(struct net_device *dev,
			  struct rtnl_newlink_params *params,
			  struct netlink_ext_ack *extack)
{
	int err, i;

	/* IFLA_BOND_* options are not implemented yet: refuse rather than
	 * silently ignore what the user asked for. */
	for (i = 1; params->data && i <= IFLA_BOND_MAX; i++) {
		if (params->data[i]) {
			NL_SET_ERR_MSG(extack, "bonding_rs: bond options over netlink are not supported yet");
			return -EOPNOTSUPP;
		}
	}
	err = register_netdevice(dev);
	if (err)
		return err;
	netif_carrier_off(dev);
	return 0;
}

static unsigned int bondrs_get_num_tx_queues(void)
{
	return bondrs_tx_queues;
}

static struct rtnl_link_ops bondrs_link_ops __read_mostly = {
	.kind			= "bond",
	/* Makes the core parse IFLA_INFO_DATA so newlink sees the options. */
	.maxtype		= IFLA_BOND_MAX,
	.priv_size		= sizeof(struct bondrs_priv),
	.setup			= bondrs_setup,
	.newlink		= bondrs_newlink,
	.get_num_tx_queues	= bondrs_get_num_tx_queues,
	.get_num_rx_queues	= bondrs_get_num_tx_queues,
};

/* Recreates /proc/net/bonding/<name> on rename, as bond_netdev_event() does. */
static int bondrs_netdev_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (dev->netdev_ops != &bondrs_netdev_ops || event != NETDEV_CHANGENAME)
		return NOTIFY_DONE;
	bondrs_proc_del(dev);
	bondrs_proc_add(dev);
	return NOTIFY_DONE;
}

static struct notifier_block bondrs_netdev_notifier = {
	.notifier_call = bondrs_netdev_event,
};

int bondrs_link_register(void *ctx, u32 tx_queues)
{
	int err;

	bondrs_ctx = ctx;
	bondrs_tx_queues = tx_queues;
	err = rtnl_link_register(&bondrs_link_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&bondrs_netdev_notifier);
	if (err)
		rtnl_link_unregister(&bondrs_link_ops);
	return err;
}

void bondrs_link_unregister(void)
{
	unregister_netdevice_notifier(&bondrs_netdev_notifier);
	/* Deletes every bond of this kind, in every namespace. */
	rtnl_link_unregister(&bondrs_link_ops);
}

int bondrs_create(const char *name)
{
	struct net_device *dev;
	int res;

	rtnl_lock();
	dev = alloc_netdev_mq(sizeof(struct bondrs_priv), name ? name : "bond%d",
			      NET_NAME_UNKNOWN, bondrs_setup, bondrs_tx_queues);
	if (!dev) {
		res = -ENOMEM;
		goto out;
	}
	dev_net_set(dev, &init_net);
	dev->rtnl_link_ops = &bondrs_link_ops;
	res = register_netdevice(dev);
	if (res < 0) {
		free_netdev(dev);
		goto out;
	}
	netif_carrier_off(dev);
out:
	rtnl_unlock();
	return res;
}

int bondrs_delete_by_name(const char *name)
{
	struct net_device *dev;
	int res = -ENODEV;

	rtnl_lock();
	dev = __dev_get_by_name(&init_net, name);
	if (dev && dev->netdev_ops == &bondrs_netdev_ops) {
		unregister_netdevice(dev);
		res = 0;
	}
	rtnl_unlock();
	return res;
}

bool bondrs_dev_valid_name(const char *name)
{
	return dev_valid_name(name);
}

/* ---- /sys/class/net/bonding_masters (bond_sysfs.c) ---- */

static ssize_t bondrs_masters_show(const struct class *cls,
				   const struct class_attribute *attr,
				   char *buf)
{
	struct net_device *dev;
	int res = 0;

	rcu_read_lock();
	for_each_netdev_rcu(&init_net, dev) {
		if (dev->netdev_ops != &bondrs_netdev_ops)
			continue;
		if (res > (PAGE_SIZE - IFNAMSIZ)) {
			/* not enough space for another interface name */
			if ((PAGE_SIZE - res) > 10)
				res = PAGE_SIZE - 10;
			res += sysfs_emit_at(buf, res, "++more++ ");
			break;
		}
		res += sysfs_emit_at(buf, res, "%s ", dev->name);
	}
	if (res)
		buf[res - 1] = '\n'; /* eat the leftover space */
	rcu_read_unlock();
	return res;
}

static ssize_t bondrs_masters_store(const struct class *cls,
				    const struct class_attribute *attr,
				    const char *buffer, size_t count)
{
	return bondrs_rust_masters_store(bondrs_ctx, buffer, count);
}

static struct class_attribute bondrs_class_attr_masters = {
	.attr = {
		.name = "bonding_masters",
		.mode = 0644,
	},
	.show = bondrs_masters_show,
	.store = bondrs_masters_store,
};

static bool bondrs_masters_created;

int bondrs_masters_create(void)
{
	int ret;

	sysfs_attr_init(&bondrs_class_attr_masters.attr);
	ret = netdev_class_create_file_ns(&bondrs_class_attr_masters,
					  to_ns_common(&init_net));
	if (ret == 0)
		bondrs_masters_created = true;
	return ret;
}

void bondrs_masters_remove(void)
{
	if (bondrs_masters_created)
		netdev_class_remove_file_ns(&bondrs_class_attr_masters,
					    to_ns_common(&init_net));
	bondrs_masters_created = false;
}

const char *bondrs_dev_name(const struct net_device *dev)
{
	return dev->name;
}

bool bondrs_carrier_ok(const struct net_device *dev)
{
	return netif_carrier_ok(dev);
}

void bondrs_tx_drop(struct net_device *dev, struct sk_buff *skb)
{
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
}
