// SPDX-License-Identifier: GPL-2.0
/*
 * bonding_rs C glue.  See glue.h: plumbing only, no policy.
 */
#include <generated/utsrelease.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_bonding.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ip6_route.h>
#include <net/ndisc.h>
#include <net/bonding.h>
#include <net/route.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include <net/sch_generic.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netdev_lock.h>


#include "glue_priv.h"

/* netif_pre_changeaddr_notify(), as bond_main.c imports it. */
MODULE_IMPORT_NS("NETDEV_INTERNAL");

static_assert(sizeof(struct bondrs_modparams) == BONDRS_MODPARAMS_SIZE);
/* ffi/bonding.rs */
static_assert(BOND_LINK_UP == 0 && BOND_LINK_FAIL == 1 && BOND_LINK_DOWN == 2 &&
	      BOND_LINK_BACK == 3);
/*
 * The C copies of bonding.ko's defaults and limits are tied to the kernel's
 * definitions: glue.h's array bound here, the parameters' initial values
 * below by using the kernel's macros.  Their Rust definition is
 * options/defaults.rs (ffi::ModParamsC sizes its array with it, and the
 * structure's size is asserted on both sides).
 */
static_assert(BONDRS_MAX_ARP_TARGETS == BOND_MAX_ARP_TARGETS);
static_assert(sizeof(struct bondrs_slave_facts) == BONDRS_SLAVE_FACTS_SIZE);
/* ffi/netlink.rs mirrors these. */
static_assert(sizeof(struct bondrs_optval) == BONDRS_OPTVAL_SIZE);
static_assert(sizeof(struct bondrs_bond_info) == BONDRS_BOND_INFO_SIZE);
static_assert(sizeof(struct bondrs_slave_info) == BONDRS_SLAVE_INFO_SIZE);
static_assert(sizeof(struct bondrs_nl_step) == BONDRS_NL_STEP_SIZE);
/* ffi::STATS_WORDS: rtnl_link_stats64 is that many u64 counters. */
static_assert(sizeof(struct rtnl_link_stats64) == 25 * sizeof(u64));
/* ffi/mod.rs hard-codes these event numbers. */
static_assert(NETDEV_UP == 1 && NETDEV_DOWN == 2 && NETDEV_CHANGE == 4 &&
	      NETDEV_UNREGISTER == 6 && NETDEV_CHANGENAME == 11 && NETDEV_FEAT_CHANGE == 12 &&
	      NETDEV_BONDING_FAILOVER == 13 &&
	      NETDEV_NOTIFY_PEERS == 20 && NETDEV_RESEND_IGMP == 23 &&
	      IFF_SLAVE == 0x800 && IFF_UP == 0x1 && IFF_PROMISC == 0x100 &&
	      IFF_ALLMULTI == 0x200 && IFF_MULTICAST == 0x1000);
/* ffi/netdev.rs: the private flags a device template names. */
static_assert(IFF_BONDING == 0x4 && IFF_XMIT_DST_RELEASE == 0x20 && IFF_TX_SKB_SHARING == 0x800 &&
	      IFF_UNICAST_FLT == 0x1000 && IFF_NO_QUEUE == 0x80000 && IFF_MASTER == 0x400);
static_assert(sizeof(struct bondrs_dev_template) == BONDRS_DEV_TEMPLATE_SIZE);

/*
 * Module parameters: the same names, types and defaults as bond_main.c, so
 * the kernel's parameter parser accepts and refuses exactly what it does for
 * bonding.ko.  Validation is Rust's (params.rs).
 */
static int max_bonds = BOND_DEFAULT_MAX_BONDS;
static int tx_queues = BOND_DEFAULT_TX_QUEUES;
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
static int resend_igmp = BOND_DEFAULT_RESEND_IGMP;
static int packets_per_slave = 1;
static unsigned int lp_interval = BOND_ALB_DEFAULT_LP_INTERVAL;
/* bonding_rs only: event-driven failover (see README). */
static int fast_failover = 1;

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
module_param(fast_failover, int, 0);
MODULE_PARM_DESC(fast_failover, "bonding_rs: also react at once to a slave's carrier loss or down event (with miimon and no downdelay, or with the active-backup ARP monitor); 0 polls only, as bonding.ko; 1 (default)");
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
	p->fast_failover = fast_failover;
}

const char *bondrs_uts_release(void)
{
	return UTS_RELEASE;
}

/* ---- /proc/net/bonding ---- */

/* Named "bonding" like the C driver's directory, which users and scripts read. */
#define BONDRS_PROC_DIR "bonding"

/*
 * Per network namespace, as struct bond_net: /proc/net/bonding and the class
 * file bonding_masters exist in every namespace and list its bonds only.
 */
struct bondrs_net {
	struct net *net;
	struct proc_dir_entry *proc_dir;
	struct class_attribute class_attr_masters;
	bool masters_created;
};
static unsigned int bondrs_net_id;

static struct bondrs_net *bondrs_net(const struct net *net)
{
	return net_generic(net, bondrs_net_id);
}

/* ---- the bond net_device ---- */

static bool bondrs_is_our_slave(const struct net_device *dev);
static void *bondrs_rust_of(const struct net_device *bond_dev);
static bool bondrs_is_bond(const struct net_device *dev);

struct bondrs_priv;

/* One of the bond's delayed work items, numbered as ffi::Work. */
struct bondrs_work {
	struct delayed_work dw;
	struct bondrs_priv *bp;
	u32 which;
};

/*
 * The in-kernel contract of IFF_BONDING.  In-tree code that sees
 * netif_is_bond_master()/netif_is_bond_slave() reads netdev_priv() of the
 * master as struct bonding (bond_option_active_slave_get_rcu(), used by RoCE
 * GID management, mlx4/mlx5/hns) and rx_handler_data of a slave as struct
 * slave (bond_slave_get_rcu(), bond_is_active_slave_dev()).  So the bond's
 * private area starts with a real struct bonding and each slave's handler
 * data is a real struct slave, zeroed but for the fields those readers use,
 * which Rust keeps up to date: bonding.dev, params.mode, curr_active_slave;
 * slave.dev, bond, link, backup, inactive.
 */
struct bondrs_slave {
	struct slave c;		/* first: what bond_slave_get_rcu() returns */
	void *rust;		/* the Rust Slave (an Arc reference) */
};

struct bondrs_priv {
	struct bonding shadow;		/* first: what netdev_priv(bond) is read as */
	void *rust;			/* the Rust Bond, owned through this device */
	struct proc_dir_entry *proc;	/* /proc/net/bonding/<name> */
	struct net_device *dev;		/* back pointer for the work items */
	struct workqueue_struct *wq;	/* ordered, as bond->wq */
	struct bondrs_work work[BONDRS_NR_WORK];
	/* Serializes the stats fold (bond->stats_lock); one lockdep class per
	 * bond, so that a bond over a bond nests without a false report. */
	spinlock_t stats_lock;
	struct lock_class_key stats_key;
};

/* The Rust ops table and module context given to bondrs_link_register(). */
static const struct bondrs_rust_ops *rops;
static void *bondrs_ctx;
static unsigned int bondrs_tx_queues = BOND_DEFAULT_TX_QUEUES;

static struct bondrs_priv *bondrs_priv(const struct net_device *dev)
{
	return netdev_priv(dev);
}

static int bondrs_proc_show(struct seq_file *m, void *v)
{
	struct net_device *dev = m->private;

	return rops->proc_show(bondrs_priv(dev)->rust, m, dev);
}

/* -ENOMEM (and the C driver's warning) if the file cannot be made. */
static int bondrs_proc_add(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);
	struct proc_dir_entry *dir = bondrs_net(dev_net(dev))->proc_dir;

	if (!dir)
		return 0;
	bp->proc = proc_create_single_data(dev->name, 0444, dir, bondrs_proc_show, dev);
	if (!bp->proc) {
		netdev_warn(dev, "Cannot create /proc/net/%s/%s\n",
			    BONDRS_PROC_DIR, dev->name);
		return -ENOMEM;
	}
	return 0;
}

static void bondrs_proc_del(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);

	/* Waits for readers of the file to finish. */
	proc_remove(bp->proc);
	bp->proc = NULL;
}

/*
 * The bond's delayed work items (bond_work_init_all()): each runs its Rust
 * handler, which returns the delay in jiffies before the next run, or a
 * negative value not to re-arm.
 */
static void bondrs_work_fn(struct work_struct *work)
{
	struct bondrs_work *w = container_of(to_delayed_work(work), struct bondrs_work, dw);
	struct bondrs_priv *bp = w->bp;
	long delay;

	delay = rops->work(bp->rust, bp->dev, w->which);
	if (delay >= 0)
		queue_delayed_work(bp->wq, &w->dw, delay);
}

/* The work item and stats lock helpers below do nothing for a device of
 * another kind (or an item out of range): Rust's safe wrappers rely on it. */
void bondrs_work_queue(struct net_device *bond_dev, u32 which, unsigned long delay)
{
	struct bondrs_priv *bp = bondrs_priv(bond_dev);

	if (!bondrs_is_bond(bond_dev) || which >= BONDRS_NR_WORK)
		return;
	queue_delayed_work(bp->wq, &bp->work[which].dw, delay);
}

void bondrs_work_mod(struct net_device *bond_dev, u32 which, unsigned long delay)
{
	struct bondrs_priv *bp = bondrs_priv(bond_dev);

	if (!bondrs_is_bond(bond_dev) || which >= BONDRS_NR_WORK)
		return;
	mod_delayed_work(bp->wq, &bp->work[which].dw, delay);
}

void bondrs_work_cancel_sync(struct net_device *bond_dev, u32 which)
{
	if (!bondrs_is_bond(bond_dev) || which >= BONDRS_NR_WORK)
		return;
	cancel_delayed_work_sync(&bondrs_priv(bond_dev)->work[which].dw);
}

unsigned long bondrs_msecs_to_jiffies(u32 ms)
{
	return msecs_to_jiffies(ms);
}

unsigned long bondrs_jiffies(void)
{
	return jiffies;
}

bool bondrs_rtnl_trylock(void)
{
	return rtnl_trylock();
}

void bondrs_rtnl_unlock(void)
{
	rtnl_unlock();
}

bool bondrs_net_ratelimit(void)
{
	return net_ratelimit();
}

void bondrs_call_notifiers(struct net_device *dev, u32 event)
{
	call_netdevice_notifiers(event, dev);
}

bool bondrs_linkwatch_pending(const struct net_device *dev)
{
	return test_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state);
}

bool bondrs_need_ops_lock(const struct net_device *dev)
{
	return netdev_need_ops_lock(dev);
}

static int bondrs_ndo_init(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);
	int i;

	bp->dev = dev;
	bp->shadow.dev = dev;
	lockdep_register_key(&bp->stats_key);
	spin_lock_init(&bp->stats_lock);
	lockdep_set_class(&bp->stats_lock, &bp->stats_key);
	bp->wq = alloc_ordered_workqueue("%s", WQ_MEM_RECLAIM, dev->name);
	if (!bp->wq) {
		lockdep_unregister_key(&bp->stats_key);
		return -ENOMEM;
	}
	for (i = 0; i < BONDRS_NR_WORK; i++) {
		INIT_DELAYED_WORK(&bp->work[i].dw, bondrs_work_fn);
		bp->work[i].bp = bp;
		bp->work[i].which = i;
	}
	bp->rust = rops->init(bondrs_ctx, dev);
	if (!bp->rust) {
		destroy_workqueue(bp->wq);
		bp->wq = NULL;
		lockdep_unregister_key(&bp->stats_key);
		return -ENOMEM;
	}
	netdev_lockdep_set_classes(dev);
	/* Ensure a valid dev_addr, as bond_init() does. */
	if (is_zero_ether_addr(dev->dev_addr) &&
	    dev->addr_assign_type == NET_ADDR_PERM)
		eth_hw_addr_random(dev);
	/* bond_create_proc_entry() only warns; a bond without its /proc file
	 * is not made here: creating it fails and leaves nothing behind. */
	if (bondrs_proc_add(dev)) {
		rops->free(bp->rust);
		bp->rust = NULL;
		destroy_workqueue(bp->wq);
		bp->wq = NULL;
		lockdep_unregister_key(&bp->stats_key);
		return -ENOMEM;
	}
	return 0;
}

static void bondrs_ndo_uninit(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);
	int i;

	/* Releases every slave, as bond_uninit() does. */
	rops->uninit(bp->rust, dev);
	/* No work item may outlive the state it runs on (ndo_stop cancelled
	 * them already unless the device never opened). */
	for (i = 0; i < BONDRS_NR_WORK; i++)
		cancel_delayed_work_sync(&bp->work[i].dw);
	bondrs_proc_del(dev);
}

static void bondrs_destructor(struct net_device *dev)
{
	struct bondrs_priv *bp = bondrs_priv(dev);

	if (bp->wq)
		destroy_workqueue(bp->wq);
	bp->wq = NULL;
	if (bp->rust) {
		rops->free(bp->rust);
		lockdep_unregister_key(&bp->stats_key);
	}
	bp->rust = NULL;
}

static int bondrs_ndo_open(struct net_device *dev)
{
	return rops->open(bondrs_priv(dev)->rust, dev);
}

static int bondrs_ndo_stop(struct net_device *dev)
{
	return rops->stop(bondrs_priv(dev)->rust, dev);
}

static netdev_tx_t bondrs_ndo_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	rops->start_xmit(bondrs_priv(dev)->rust, skb, dev);
	return NETDEV_TX_OK;
}

/* bond_select_queue(): the recorded rx queue, folded into the bond's
 * queues, so that a slave's queue_id can match it; the original mapping is
 * kept for the slave (bondrs_xmit_on()). */
static u16 bondrs_ndo_select_queue(struct net_device *dev, struct sk_buff *skb,
				   struct net_device *sb_dev)
{
	u16 txq = skb_rx_queue_recorded(skb) ? skb_get_rx_queue(skb) : 0;

	qdisc_skb_cb(skb)->slave_dev_queue_mapping = skb_get_queue_mapping(skb);
	if (unlikely(txq >= dev->real_num_tx_queues)) {
		do {
			txq -= dev->real_num_tx_queues;
		} while (txq >= dev->real_num_tx_queues);
	}
	return txq;
}

static int bondrs_ndo_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	return rops->vlan_rx_vid(bondrs_priv(dev)->rust, dev, ntohs(proto), vid, true);
}

static int bondrs_ndo_vlan_rx_kill_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	return rops->vlan_rx_vid(bondrs_priv(dev)->rust, dev, ntohs(proto), vid, false);
}

/* Set once the module is going away (bondrs_link_unregister()). */
static bool bondrs_unloading;

static int bondrs_ndo_add_slave(struct net_device *dev, struct net_device *slave_dev,
				struct netlink_ext_ack *extack)
{
	if (READ_ONCE(bondrs_unloading)) {
		NL_SET_ERR_MSG(extack, "bonding_rs is being unloaded");
		return -ENODEV;
	}
	return rops->add_slave(bondrs_priv(dev)->rust, dev, slave_dev, extack);
}

static int bondrs_ndo_del_slave(struct net_device *dev, struct net_device *slave_dev)
{
	return rops->del_slave(bondrs_priv(dev)->rust, dev, slave_dev);
}

static void bondrs_ndo_change_rx_flags(struct net_device *dev, int change)
{
	rops->change_rx_flags(bondrs_priv(dev)->rust, dev, change & IFF_PROMISC,
				    change & IFF_ALLMULTI, dev->flags & IFF_PROMISC,
				    dev->flags & IFF_ALLMULTI);
}

static void bondrs_ndo_set_rx_mode(struct net_device *dev)
{
	rops->set_rx_mode(bondrs_priv(dev)->rust, dev);
}

static netdev_features_t bondrs_ndo_fix_features(struct net_device *dev,
						 netdev_features_t features)
{
	return rops->fix_features(bondrs_priv(dev)->rust, dev, features);
}

static void bondrs_ndo_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *stats)
{
	rops->get_stats64(bondrs_priv(dev)->rust, dev, stats);
}

void bondrs_stats_lock(struct net_device *bond_dev)
{
	if (bondrs_is_bond(bond_dev))
		spin_lock(&bondrs_priv(bond_dev)->stats_lock);
}

void bondrs_stats_unlock(struct net_device *bond_dev)
{
	if (bondrs_is_bond(bond_dev))
		spin_unlock(&bondrs_priv(bond_dev)->stats_lock);
}

static int bondrs_get_link_ksettings(struct net_device *dev,
				     struct ethtool_link_ksettings *cmd)
{
	u32 speed;
	u8 duplex;

	rops->link_ksettings(bondrs_priv(dev)->rust, dev, &speed, &duplex);
	cmd->base.speed = speed;
	cmd->base.duplex = duplex;
	cmd->base.port = PORT_OTHER;
	return 0;
}

/* bond_ethtool_get_drvinfo(): tools recognise a bond by this driver name. */
static void bondrs_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "bonding", sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "%d", BOND_ABI_VERSION);
}

static const struct ethtool_ops bondrs_ethtool_ops = {
	.get_drvinfo		= bondrs_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= bondrs_get_link_ksettings,
};

static int bondrs_ndo_set_mac_address(struct net_device *dev, void *addr)
{
	struct sockaddr_storage *ss = addr;

	return rops->set_mac(bondrs_priv(dev)->rust, dev, (const u8 *)ss->__data,
				   dev->addr_len);
}

static int bondrs_ndo_change_mtu(struct net_device *dev, int new_mtu)
{
	int err = rops->change_mtu(bondrs_priv(dev)->rust, dev, dev->mtu, new_mtu);

	if (!err)
		WRITE_ONCE(dev->mtu, new_mtu);
	return err;
}

static const struct net_device_ops bondrs_netdev_ops = {
	.ndo_init		= bondrs_ndo_init,
	.ndo_uninit		= bondrs_ndo_uninit,
	.ndo_open		= bondrs_ndo_open,
	.ndo_stop		= bondrs_ndo_stop,
	.ndo_start_xmit		= bondrs_ndo_start_xmit,
	.ndo_select_queue	= bondrs_ndo_select_queue,
	.ndo_features_check	= passthru_features_check,
	.ndo_vlan_rx_add_vid	= bondrs_ndo_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= bondrs_ndo_vlan_rx_kill_vid,
	.ndo_add_slave		= bondrs_ndo_add_slave,
	.ndo_del_slave		= bondrs_ndo_del_slave,
	.ndo_change_rx_flags	= bondrs_ndo_change_rx_flags,
	.ndo_set_rx_mode	= bondrs_ndo_set_rx_mode,
	.ndo_set_mac_address	= bondrs_ndo_set_mac_address,
	.ndo_change_mtu		= bondrs_ndo_change_mtu,
	.ndo_get_stats64	= bondrs_ndo_get_stats64,
	.ndo_fix_features	= bondrs_ndo_fix_features,
};

static const struct device_type bondrs_type = {
	.name = "bond",
};

/* The device template given to bondrs_link_register(). */
static struct bondrs_dev_template bondrs_tmpl;

u64 bondrs_features_master_upper_dev_vlan(void)
{
	return MASTER_UPPER_DEV_VLAN_FEATURES;
}

u64 bondrs_features_gso_encap_all(void)
{
	return NETIF_F_GSO_ENCAP_ALL;
}

u64 bondrs_features_base(u64 features)
{
	return netdev_base_features(features);
}

u64 bondrs_features_increment(u64 all, u64 one, u64 mask)
{
	return netdev_increment_features(all, one, mask);
}

u64 bondrs_features_add_tso(u64 features, u64 mask)
{
	return netdev_add_tso_features(features, mask);
}

u64 bondrs_dev_features(const struct net_device *dev)
{
	return dev->features;
}

/* bond_setup()'s wiring: the ops tables and destructor, then the template. */
static void bondrs_setup(struct net_device *dev)
{
	const struct bondrs_dev_template *t = &bondrs_tmpl;

	ether_setup(dev);
	dev->netdev_ops = &bondrs_netdev_ops;
	dev->ethtool_ops = &bondrs_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = bondrs_destructor;
	SET_NETDEV_DEVTYPE(dev, &bondrs_type);
	/* /sys/class/net/<bond>/bonding/ (bond_prepare_sysfs_group()). */
	dev->sysfs_groups[0] = &bondrs_bonding_group;
	dev->max_mtu = t->max_mtu;
	dev->flags |= t->flags;
	dev->priv_flags |= t->priv_flags_set;
	dev->priv_flags &= ~t->priv_flags_clear;
	dev->lltx = t->lltx;
	dev->netns_immutable = t->netns_immutable;
	dev->hw_features = t->hw_features;
	dev->features |= t->hw_features | t->features;
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
	/* bond_netlink.c's, in netlink.c */
	.policy			= bondrs_policy,
	.validate		= bondrs_nl_validate,
	.newlink		= bondrs_nl_newlink,
	.changelink		= bondrs_nl_changelink,
	.get_size		= bondrs_nl_get_size,
	.fill_info		= bondrs_nl_fill_info,
	.fill_linkxstats	= bondrs_nl_fill_linkxstats,
	.get_linkxstats_size	= bondrs_nl_get_linkxstats_size,
	.slave_maxtype		= IFLA_BOND_SLAVE_MAX,
	.slave_policy		= bondrs_slave_policy,
	.slave_changelink	= bondrs_nl_slave_changelink,
	.get_slave_size		= bondrs_nl_get_slave_size,
	.fill_slave_info	= bondrs_nl_fill_slave_info,
	.get_num_tx_queues	= bondrs_get_num_tx_queues,
	.get_num_rx_queues	= bondrs_get_num_tx_queues,
};

/* Recreates /proc/net/bonding/<name> on rename, as bond_netdev_event() does. */
static int bondrs_netdev_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	/* A bond may itself be a slave (of another bond): both roles see the
	 * event, the master's first, as bond_netdev_event() does. */
	if (bondrs_is_bond(dev) && bondrs_priv(dev)->rust)
		rops->bond_event(bondrs_priv(dev)->rust, dev, event);
	if (bondrs_is_our_slave(dev)) {
		struct net_device *bond_dev = netdev_master_upper_dev_get(dev);
		void *rust = bondrs_rust_of(bond_dev);

		/* Between rx_handler_register and the upper link there is no
		 * master yet: enslave is running under RTNL and sees no events. */
		if (rust)
			rops->slave_event(rust, bond_dev, bondrs_slave_of(dev), dev, event);
	}
	return NOTIFY_DONE;
}

static struct notifier_block bondrs_netdev_notifier = {
	.notifier_call = bondrs_netdev_event,
};

/* Recreates /proc/net/bonding/<name> under the bond's current name. */
void bondrs_proc_refresh(struct net_device *bond_dev)
{
	if (!bondrs_is_bond(bond_dev))
		return;
	bondrs_proc_del(bond_dev);
	bondrs_proc_add(bond_dev);
}

static ssize_t bondrs_masters_show(const struct class *cls,
				   const struct class_attribute *attr, char *buf)
{
	const struct bondrs_net *bn =
		container_of_const(attr, struct bondrs_net, class_attr_masters);

	return rops->masters_show(bondrs_ctx, bn->net, buf);
}

static ssize_t bondrs_masters_store(const struct class *cls,
				    const struct class_attribute *attr,
				    const char *buffer, size_t count)
{
	const struct bondrs_net *bn =
		container_of_const(attr, struct bondrs_net, class_attr_masters);

	return rops->masters_store(bondrs_ctx, bn->net, buffer, count);
}

static const struct class_attribute bondrs_class_attr_masters = {
	.attr = {
		.name = "bonding_masters",
		.mode = 0644,
	},
	.show = bondrs_masters_show,
	.store = bondrs_masters_store,
};

/* bond_net_init(): the namespace's /proc/net/bonding and bonding_masters. */
static int __net_init bondrs_net_init(struct net *net)
{
	struct bondrs_net *bn = bondrs_net(net);
	int ret;

	bn->net = net;
	bn->proc_dir = proc_mkdir(BONDRS_PROC_DIR, net->proc_net);
	if (!bn->proc_dir)
		pr_warn("Warning: Cannot create /proc/net/%s\n", BONDRS_PROC_DIR);
	bn->class_attr_masters = bondrs_class_attr_masters;
	sysfs_attr_init(&bn->class_attr_masters.attr);
	ret = netdev_class_create_file_ns(&bn->class_attr_masters, to_ns_common(net));
	/* Like bond_create_sysfs(), tolerate an existing bonding_masters. */
	if (ret == -EEXIST && netdev_name_in_use(net, bn->class_attr_masters.attr.name))
		pr_err("network device named %s already exists in sysfs\n",
		       bn->class_attr_masters.attr.name);
	bn->masters_created = ret == 0;
	return 0;
}

/* The class file goes before the bonds (bond_net_pre_exit()). */
static void __net_exit bondrs_net_pre_exit(struct net *net)
{
	struct bondrs_net *bn = bondrs_net(net);

	if (bn->masters_created)
		netdev_class_remove_file_ns(&bn->class_attr_masters, to_ns_common(net));
	bn->masters_created = false;
}

/* Bonds created after the link kind went away (bond_net_exit_rtnl()). */
static void __net_exit bondrs_net_exit_rtnl(struct net *net, struct list_head *kill)
{
	struct net_device *dev, *aux;

	for_each_netdev_safe(net, dev, aux)
		if (bondrs_is_bond(dev))
			unregister_netdevice_queue(dev, kill);
}

/* The directory last, once every bond is gone (bond_net_exit_batch()). */
static void __net_exit bondrs_net_exit_batch(struct list_head *net_list)
{
	struct net *net;

	list_for_each_entry(net, net_list, exit_list) {
		struct bondrs_net *bn = bondrs_net(net);

		if (bn->proc_dir)
			remove_proc_entry(BONDRS_PROC_DIR, net->proc_net);
		bn->proc_dir = NULL;
	}
}

static struct pernet_operations bondrs_net_ops = {
	.init = bondrs_net_init,
	.pre_exit = bondrs_net_pre_exit,
	.exit_rtnl = bondrs_net_exit_rtnl,
	.exit_batch = bondrs_net_exit_batch,
	.id = &bondrs_net_id,
	.size = sizeof(struct bondrs_net),
};

int bondrs_link_register(const struct bondrs_rust_ops *ops, void *ctx, u32 tx_queues,
			 const struct bondrs_dev_template *tmpl)
{
	int err;

	if (ops->abi_ops_size != sizeof(*ops) || ops->abi_nr_work != BONDRS_NR_WORK ||
	    ops->abi_slave_facts_size != sizeof(struct bondrs_slave_facts) ||
	    ops->abi_modparams_size != sizeof(struct bondrs_modparams) ||
	    ops->abi_rx_info_size != sizeof(struct bondrs_rx_info) ||
	    ops->abi_skb_meta_size != sizeof(struct bondrs_skb_meta) ||
	    ops->abi_optval_size != sizeof(struct bondrs_optval) ||
	    ops->abi_bond_info_size != sizeof(struct bondrs_bond_info) ||
	    ops->abi_slave_info_size != sizeof(struct bondrs_slave_info) ||
	    ops->abi_nl_step_size != sizeof(struct bondrs_nl_step)) {
		pr_err("bonding_rs: the Rust side's view of glue.h does not match it\n");
		return -EINVAL;
	}
	rops = ops;
	bondrs_ctx = ctx;
	bondrs_tx_queues = tx_queues;
	bondrs_tmpl = *tmpl;
	/* The link kind first: it fails with -EEXIST while bonding.ko is
	 * loaded, before anything of ours exists next to its files. */
	err = rtnl_link_register(&bondrs_link_ops);
	if (err)
		return err;
	err = register_pernet_subsys(&bondrs_net_ops);
	if (err)
		goto err_link;
	err = register_netdevice_notifier(&bondrs_netdev_notifier);
	if (err)
		goto err_net;
	return 0;
err_net:
	unregister_pernet_subsys(&bondrs_net_ops);
err_link:
	rtnl_link_unregister(&bondrs_link_ops);
	return err;
}

void bondrs_link_unregister(void)
{
	/*
	 * As bonding_exit(): the notifier first.  Unregistering it replays
	 * NETDEV_UNREGISTER for every device, which releases every slave while
	 * its bond is still registered (the C driver's log lines).  No slave
	 * can be added without the notifier watching it: enslaving is refused
	 * from here on (the flag is read under RTNL, which the replay takes).
	 * Then the link kind, deleting every bond in every namespace, and the
	 * per-namespace files.
	 */
	WRITE_ONCE(bondrs_unloading, true);
	unregister_netdevice_notifier(&bondrs_netdev_notifier);
	rtnl_link_unregister(&bondrs_link_ops);
	unregister_pernet_subsys(&bondrs_net_ops);
}

int bondrs_create(struct net *net, const char *name)
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
	dev_net_set(dev, net);
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

int bondrs_delete_by_name(struct net *net, const char *name, void (*found)(void *), void *ctx)
{
	struct net_device *dev;
	int res = -ENODEV;

	rtnl_lock();
	dev = __dev_get_by_name(net, name);
	if (dev && dev->netdev_ops == &bondrs_netdev_ops) {
		/* bonding_store_bonds() logs between lookup and unregister. */
		found(ctx);
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

/* ---- /sys/class/net/bonding_masters (bond_sysfs.c): per namespace, above ---- */

struct net *bondrs_init_net(void)
{
	return &init_net;
}

/* Calls @f for each bond of @net, under RCU, until it returns false. */
void bondrs_for_each_bond(struct net *net, bool (*f)(void *, struct net_device *), void *ctx)
{
	struct net_device *dev;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (bondrs_is_bond(dev) && !f(ctx, dev))
			break;
	}
	rcu_read_unlock();
}

const char *bondrs_dev_name(const struct net_device *dev)
{
	return dev->name;
}

/* __dev_get_by_name() in @dev's namespace (RTNL held); @name has @len bytes,
 * no NUL: names longer than IFNAMSIZ - 1 find nothing. */
struct net_device *bondrs_dev_get_by_name(const struct net_device *dev,
					  const char *name, size_t len)
{
	char buf[IFNAMSIZ];

	ASSERT_RTNL();
	if (len >= IFNAMSIZ)
		return NULL;
	memcpy(buf, name, len);
	buf[len] = 0;
	return __dev_get_by_name(dev_net(dev), buf);
}

unsigned int bondrs_real_num_tx_queues(const struct net_device *dev)
{
	return dev->real_num_tx_queues;
}

int bondrs_dev_ifindex(const struct net_device *dev)
{
	return dev->ifindex;
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

/* ---- slaves: enslave/release plumbing, rx handler, transmit ---- */

void bondrs_slave_facts(const struct net_device *bond_dev,
			const struct net_device *dev,
			struct bondrs_slave_facts *f)
{
	f->type = dev->type;
	f->is_can = dev->type == ARPHRD_CAN;
	f->is_master_not_bond = (dev->flags & IFF_MASTER) && !netif_is_bond_master(dev);
	f->rx_handler_busy = netdev_is_rx_handler_busy((struct net_device *)dev);
	f->vlan_challenged = !!(dev->features & NETIF_F_VLAN_CHALLENGED);
	f->bond_uses_vlan = vlan_uses_dev(bond_dev);
	f->is_up = !!(dev->flags & IFF_UP);
	f->bond_type = bond_dev->type;
	f->can_set_mac = dev->netdev_ops->ndo_set_mac_address != NULL;
	f->mtu = dev->mtu;
	f->bond_mtu = bond_dev->mtu;
	f->addr_len = dev->addr_len;
	memcpy(f->dev_addr, dev->dev_addr, min_t(unsigned int, dev->addr_len, sizeof(f->dev_addr)));
	memcpy(f->bond_addr, bond_dev->dev_addr, min_t(unsigned int, bond_dev->addr_len, sizeof(f->bond_addr)));
	f->bond_addr_random = bond_dev->addr_assign_type == NET_ADDR_RANDOM;
	f->bond_flags = bond_dev->flags;
}

void bondrs_set_extack(struct netlink_ext_ack *extack, const char *msg)
{
	/* NL_SET_ERR_MSG() for a message that is not a literal here: @msg is a
	 * static string of the Rust side, so the pointer may be kept. */
	if (extack)
		extack->_msg = msg;
}

void bondrs_set_extack_attr(struct netlink_ext_ack *extack, const char *msg,
			    const struct nlattr *attr)
{
	/* NL_SET_ERR_MSG_ATTR() / NL_SET_ERR_MSG(), @msg static as above. */
	do_trace_netlink_extack(msg);
	if (extack) {
		extack->_msg = msg;
		if (attr) {
			extack->bad_attr = attr;
			extack->policy = NULL;
		}
	}
}

const char *bondrs_extack_msg(const struct netlink_ext_ack *extack)
{
	return extack ? extack->_msg : NULL;
}

void bondrs_extack_bad_attr(struct netlink_ext_ack *extack, const struct nlattr *attr)
{
	NL_SET_BAD_ATTR(extack, attr);
}

void bondrs_notify_join(struct net_device *dev)
{
	call_netdevice_notifiers(NETDEV_JOIN, dev);
}

int bondrs_take_slave_addr(struct net_device *bond_dev, struct net_device *slave_dev)
{
	int err = netif_pre_changeaddr_notify(bond_dev, slave_dev->dev_addr, NULL);

	if (err)
		return err;
	__dev_addr_set(bond_dev, slave_dev->dev_addr, slave_dev->addr_len);
	bond_dev->addr_assign_type = NET_ADDR_STOLEN;
	call_netdevice_notifiers(NETDEV_CHANGEADDR, bond_dev);
	return 0;
}

void bondrs_random_addr(struct net_device *bond_dev)
{
	eth_hw_addr_random(bond_dev);
}

void bondrs_notify_changeaddr_release(struct net_device *bond_dev)
{
	call_netdevice_notifiers(NETDEV_CHANGEADDR, bond_dev);
	call_netdevice_notifiers(NETDEV_RELEASE, bond_dev);
}

int bondrs_dev_set_mtu(struct net_device *dev, u32 mtu)
{
	return dev_set_mtu(dev, mtu);
}

int bondrs_netif_set_mtu(struct net_device *dev, u32 mtu)
{
	return __netif_set_mtu(dev, mtu);
}

int bondrs_vlan_vid_add(struct net_device *dev, u16 proto, u16 vid)
{
	return vlan_vid_add(dev, htons(proto), vid);
}

void bondrs_vlan_vid_del(struct net_device *dev, u16 proto, u16 vid)
{
	vlan_vid_del(dev, htons(proto), vid);
}

int bondrs_vlan_vids_add_by_dev(struct net_device *dev, const struct net_device *by_dev)
{
	return vlan_vids_add_by_dev(dev, by_dev);
}

void bondrs_vlan_vids_del_by_dev(struct net_device *dev, const struct net_device *by_dev)
{
	vlan_vids_del_by_dev(dev, by_dev);
}

int bondrs_dev_set_mac(struct net_device *dev, const u8 *addr, u32 len,
		       struct netlink_ext_ack *extack)
{
	struct sockaddr_storage ss;

	if (len > sizeof(ss.__data))
		return -EINVAL;
	memcpy(ss.__data, addr, len);
	ss.ss_family = dev->type;
	return dev_set_mac_address(dev, &ss, extack);
}

int bondrs_dev_open(struct net_device *dev, struct netlink_ext_ack *extack)
{
	return dev_open(dev, extack);
}

void bondrs_dev_close(struct net_device *dev)
{
	dev_close(dev);
}

void bondrs_slave_priv_flags(struct net_device *dev, bool no_addrconf, bool bonding)
{
	if (no_addrconf)
		dev->priv_flags |= IFF_NO_ADDRCONF;
	else
		dev->priv_flags &= ~IFF_NO_ADDRCONF;
	if (bonding)
		dev->priv_flags |= IFF_BONDING;
	else if (!netif_is_bond_master(dev))
		dev->priv_flags &= ~IFF_BONDING;
}

/* netif_get_link_ksettings(): the speed and duplex @dev reports; non-zero
 * when it reports none. */
int bondrs_link_ksettings(struct net_device *dev, u32 *speed, u8 *duplex)
{
	struct ethtool_link_ksettings ecmd;
	int res = netif_get_link_ksettings(dev, &ecmd);

	if (res < 0)
		return res;
	*speed = ecmd.base.speed;
	*duplex = ecmd.base.duplex;
	return 0;
}

void bondrs_lock_ops(struct net_device *dev)
{
	netdev_lock_ops(dev);
}

void bondrs_unlock_ops(struct net_device *dev)
{
	netdev_unlock_ops(dev);
}

bool bondrs_running_carrier(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

static rx_handler_result_t bondrs_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct net_device *bond_dev;
	struct bondrs_rx_info info;
	void *slave, *rust;
	u8 head[64];
	int action;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;
	slave = ((struct bondrs_slave *)rcu_dereference(skb->dev->rx_handler_data))->rust;
	bond_dev = netdev_master_upper_dev_get_rcu(skb->dev);
	rust = bondrs_rust_of(bond_dev);
	/* Not linked to the bond yet (enslave in progress) or any more. */
	if (!rust)
		return RX_HANDLER_PASS;
	/* At the rx handler skb->data is the network header. */
	info.data = skb->data;
	info.headlen = skb_headlen(skb);
	/* The monitors parse up to an IPv6 + ICMPv6 header, as the C driver
	 * reads them with skb_header_pointer(): a frame whose linear part is
	 * shorter gets its first bytes copied. */
	if (unlikely(info.headlen < sizeof(head) && skb->len > info.headlen)) {
		u32 n = min_t(u32, skb->len, sizeof(head));

		if (!skb_copy_bits(skb, 0, head, n)) {
			info.data = head;
			info.headlen = n;
		}
	}
	info.protocol = ntohs(skb->protocol);
	info.pkt_type = skb->pkt_type;
	info.link_local = is_link_local_ether_addr(eth_hdr(skb)->h_dest);
	action = rops->handle_frame(rust, bond_dev, slave, &info);
	switch (action) {
	case BONDRS_RX_ANOTHER:
		skb->dev = bond_dev;
		return RX_HANDLER_ANOTHER;
	case BONDRS_RX_EXACT:
		return RX_HANDLER_EXACT;
	default:
		return RX_HANDLER_PASS;
	}
}

static bool bondrs_is_our_slave(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == bondrs_handle_frame;
}

static struct bondrs_slave *bondrs_cslave(const struct net_device *dev)
{
	if (!bondrs_is_our_slave(dev))
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

void *bondrs_slave_of(const struct net_device *dev)
{
	struct bondrs_slave *cs = bondrs_cslave(dev);

	return cs ? cs->rust : NULL;
}

int bondrs_rx_handler_register(struct net_device *bond_dev, struct net_device *dev, void *slave)
{
	struct bondrs_slave *cs;
	int err;

	if (!bondrs_is_bond(bond_dev))
		return -EINVAL;
	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return -ENOMEM;
	cs->c.dev = dev;
	cs->c.bond = &bondrs_priv(bond_dev)->shadow;
	cs->c.link = BOND_LINK_NOCHANGE;
	cs->c.backup = 1;
	cs->c.inactive = 1;
	cs->rust = slave;
	err = netdev_rx_handler_register(dev, bondrs_handle_frame, cs);
	if (err)
		kfree(cs);
	return err;
}

void bondrs_rx_handler_unregister(struct net_device *dev)
{
	struct bondrs_slave *cs = bondrs_cslave(dev);

	if (!cs)
		return;
	/* No longer the master's active slave for in-tree readers either. */
	if (rtnl_dereference(cs->c.bond->curr_active_slave) == &cs->c)
		RCU_INIT_POINTER(cs->c.bond->curr_active_slave, NULL);
	/* Waits for a grace period: every reader of either pointer is done. */
	netdev_rx_handler_unregister(dev);
	kfree(cs);
}

/* The bond's mode as struct bonding holds it (BOND_MODE_* numbers). */
void bondrs_shadow_set_mode(struct net_device *bond_dev, u32 mode)
{
	if (bondrs_is_bond(bond_dev))
		WRITE_ONCE(bondrs_priv(bond_dev)->shadow.params.mode, mode);
}

/* curr_active_slave as struct bonding holds it: @slave_dev's shadow slave,
 * or NULL (RTNL held). */
void bondrs_shadow_set_active(struct net_device *bond_dev, struct net_device *slave_dev)
{
	struct bondrs_slave *cs = slave_dev ? bondrs_cslave(slave_dev) : NULL;

	if (!bondrs_is_bond(bond_dev) || (cs && cs->c.bond != &bondrs_priv(bond_dev)->shadow))
		return;
	rcu_assign_pointer(bondrs_priv(bond_dev)->shadow.curr_active_slave, cs ? &cs->c : NULL);
}

int bondrs_upper_link(struct net_device *slave_dev, struct net_device *bond_dev,
		      void *slave, u32 tx_type, u32 hash_type,
		      struct netlink_ext_ack *extack)
{
	struct netdev_lag_upper_info lag_upper_info;
	int err;

	lag_upper_info.tx_type = tx_type;
	lag_upper_info.hash_type = hash_type;
	err = netdev_master_upper_dev_link(slave_dev, bond_dev, slave,
					   &lag_upper_info, extack);
	if (err)
		return err;
	slave_dev->flags |= IFF_SLAVE;
	return 0;
}

void bondrs_upper_unlink(struct net_device *slave_dev, struct net_device *bond_dev)
{
	netdev_upper_dev_unlink(slave_dev, bond_dev);
	slave_dev->flags &= ~IFF_SLAVE;
}

void bondrs_lower_state_changed(struct net_device *slave_dev, s8 link, bool link_up,
				bool tx_enabled, bool inactive)
{
	struct netdev_lag_lower_state_info info;
	struct bondrs_slave *cs = bondrs_cslave(slave_dev);

	/* The shadow slave follows, as bond_set_slave_*_flags() set them. */
	if (cs) {
		WRITE_ONCE(cs->c.link, link);
		cs->c.backup = !tx_enabled;
		cs->c.inactive = inactive;
	}
	info.link_up = link_up;
	info.tx_enabled = tx_enabled;
	netdev_lower_state_changed(slave_dev, &info);
}

void bondrs_compute_features(struct net_device *bond_dev)
{
	netdev_compute_master_upper_features(bond_dev, true);
}

void bondrs_set_carrier(struct net_device *dev, bool on)
{
	if (on)
		netif_carrier_on(dev);
	else
		netif_carrier_off(dev);
}

int bondrs_promisc_allmulti(struct net_device *dev, s32 promisc_inc, s32 allmulti_inc)
{
	int err = 0;

	if (promisc_inc)
		err = dev_set_promiscuity(dev, promisc_inc);
	if (!err && allmulti_inc)
		err = dev_set_allmulti(dev, allmulti_inc);
	return err;
}

void bondrs_addr_lists_sync(struct net_device *slave_dev, struct net_device *bond_dev,
			    bool sync, bool bond_addr_locked)
{
	if (!sync) {
		dev_uc_unsync(slave_dev, bond_dev);
		dev_mc_unsync(slave_dev, bond_dev);
		return;
	}
	if (!bond_addr_locked)
		netif_addr_lock_bh(bond_dev);
	dev_mc_sync_multiple(slave_dev, bond_dev);
	dev_uc_sync_multiple(slave_dev, bond_dev);
	if (!bond_addr_locked)
		netif_addr_unlock_bh(bond_dev);
}

/* Transmit @skb on @slave_dev (bond_dev_queue_xmit()). */
void bondrs_xmit_on(struct sk_buff *skb, struct net_device *slave_dev)
{
	skb->dev = slave_dev;
	/* The queue the frame had before bondrs_select_queue() picked the
	 * bond's, for the slave's own queue selection. */
	BUILD_BUG_ON(sizeof(skb->queue_mapping) !=
		     sizeof(qdisc_skb_cb(skb)->slave_dev_queue_mapping));
	skb_set_queue_mapping(skb, qdisc_skb_cb(skb)->slave_dev_queue_mapping);
	dev_queue_xmit(skb);
}

u16 bondrs_skb_queue_mapping(const struct sk_buff *skb)
{
	return skb_get_queue_mapping(skb);
}

struct sk_buff *bondrs_skb_clone(struct sk_buff *skb)
{
	return skb_clone(skb, GFP_ATOMIC);
}

void bondrs_dev_stats(struct net_device *dev, struct rtnl_link_stats64 *out)
{
	dev_get_stats(dev, out);
}

void bondrs_slave_printk(int level, const struct net_device *bond_dev,
			 const struct net_device *slave_dev, const void *args)
{
	/* netdev_err/warn/info(bond, ...) when there is no slave. */
	if (!slave_dev) {
		switch (level) {
		case 3:
			netdev_err(bond_dev, "%pA\n", args);
			break;
		case 4:
			netdev_warn(bond_dev, "%pA\n", args);
			break;
		default:
			netdev_info(bond_dev, "%pA\n", args);
			break;
		}
		return;
	}
	switch (level) {
	case 3:
		netdev_err(bond_dev, "(slave %s): %pA\n", slave_dev->name, args);
		break;
	case 4:
		netdev_warn(bond_dev, "(slave %s): %pA\n", slave_dev->name, args);
		break;
	default:
		netdev_info(bond_dev, "(slave %s): %pA\n", slave_dev->name, args);
		break;
	}
}

void bondrs_skb_meta(const struct sk_buff *skb, struct bondrs_skb_meta *m)
{
	m->data = skb->data;
	m->headlen = skb_headlen(skb);
	m->protocol = ntohs(skb->protocol);
	m->network_offset = skb_network_offset(skb);
	m->vlan_present = skb_vlan_tag_present(skb);
	m->vlan_tci = m->vlan_present ? skb_vlan_tag_get(skb) : 0;
	m->l4_hash = skb->l4_hash;
	m->hash = skb->hash;
}

u32 bondrs_dev_flags(const struct net_device *dev)
{
	return READ_ONCE(dev->flags);
}

u32 bondrs_dev_addr(const struct net_device *dev, u8 *buf, u32 size)
{
	u32 len = min_t(u32, dev->addr_len, size);

	memcpy(buf, dev->dev_addr, len);
	return len;
}

static bool bondrs_is_bond(const struct net_device *dev)
{
	return dev && dev->netdev_ops == &bondrs_netdev_ops;
}

/* The Rust state of a bonding_rs bond device; NULL for any other device. */
static void *bondrs_rust_of(const struct net_device *bond_dev)
{
	if (!bondrs_is_bond(bond_dev))
		return NULL;
	return bondrs_priv(bond_dev)->rust;
}

void bondrs_dev_addr_set(struct net_device *dev, const u8 *addr)
{
	dev_addr_set(dev, addr);
}

/* ---- routes, addresses and neighbour frames (ffi/inet.rs) ---- */

/* The device the IPv4 route to @daddr in @dev's namespace leaves by
 * (ip_route_output(), link scope), NULL when there is none.  RCU read side:
 * the device is not freed before it ends. */
struct net_device *bondrs_route4_dev(const struct net_device *dev, __be32 daddr)
{
	struct net_device *out;
	struct rtable *rt;

	rt = ip_route_output(dev_net(dev), daddr, 0, 0, 0, RT_SCOPE_LINK);
	if (IS_ERR(rt))
		return NULL;
	out = rt->dst.dev;
	ip_rt_put(rt);
	return out;
}

/* inet_confirm_addr() on @dev's in_device, host scope; 0 without one.  RCU
 * read side. */
__be32 bondrs_inet_confirm_addr(struct net_device *dev, __be32 dst, __be32 local)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);

	return in_dev ? inet_confirm_addr(dev_net(dev), in_dev, dst, local, RT_SCOPE_HOST) : 0;
}

/* netdev_upper_get_next_dev_rcu(): the next upper device of @dev after
 * *@iter (start with NULL), NULL at the end.  RCU read side. */
struct net_device *bondrs_upper_next_rcu(struct net_device *dev, void **iter)
{
	struct list_head *it = *iter ? *iter : &dev->adj_list.upper;
	struct net_device *upper = netdev_upper_get_next_dev_rcu(dev, &it);

	*iter = it;
	return upper;
}

/* is_vlan_dev(), vlan_dev_vlan_proto() (network order) and vlan_dev_vlan_id(). */
bool bondrs_vlan_dev_tag(const struct net_device *dev, __be16 *proto, u16 *id)
{
	if (!is_vlan_dev(dev))
		return false;
	*proto = vlan_dev_vlan_proto(dev);
	*id = vlan_dev_vlan_id(dev);
	return true;
}

/* arp_create(): an ARP request for @dip from @sip out of @dev, from @dev's
 * address; NULL without memory. */
struct sk_buff *bondrs_arp_request(struct net_device *dev, __be32 dip, __be32 sip)
{
	return arp_create(ARPOP_REQUEST, ETH_P_ARP, dip, dev, sip, NULL, dev->dev_addr, NULL);
}

void bondrs_arp_xmit(struct sk_buff *skb)
{
	arp_xmit(skb);
}

/* vlan_insert_tag_set_proto(): @skb with a tag pushed into its payload;
 * NULL (and @skb freed) without memory. */
struct sk_buff *bondrs_vlan_insert(struct sk_buff *skb, __be16 proto, u16 id)
{
	return vlan_insert_tag_set_proto(skb, proto, id);
}

void bondrs_vlan_hwaccel(struct sk_buff *skb, __be16 proto, u16 id)
{
	__vlan_hwaccel_put_tag(skb, proto, id);
}

/* ipv6_mod_enabled(): IPv6 is not disabled at boot (ipv6.disable=1).  The
 * IPv6 forwarders below are called only when it is. */
bool bondrs_ipv6_enabled(void)
{
	return IS_ENABLED(CONFIG_IPV6) && ipv6_mod_enabled();
}

/* The device the IPv6 route to @daddr in @dev's namespace leaves by
 * (ip6_route_output()), NULL when there is none.  RCU read side. */
struct net_device *bondrs_route6_dev(const struct net_device *dev, const struct in6_addr *daddr)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6 = { .daddr = *daddr };
	struct net_device *out = NULL;
	struct dst_entry *dst;

	dst = ip6_route_output(dev_net(dev), NULL, &fl6);
	if (!dst->error)
		out = dst->dev;
	dst_release(dst);
	return out;
#else
	return NULL;
#endif
}

/* ipv6_chk_addr(): @addr is an address of @dev. */
bool bondrs_ipv6_chk_addr(struct net_device *dev, const struct in6_addr *addr)
{
#if IS_ENABLED(CONFIG_IPV6)
	return ipv6_chk_addr(dev_net(dev), addr, dev, 0);
#else
	return false;
#endif
}

/* ipv6_dev_get_saddr(): @dev's source address towards @daddr, into @saddr;
 * false when it has none. */
bool bondrs_ipv6_saddr(struct net_device *dev, const struct in6_addr *daddr,
		       struct in6_addr *saddr)
{
#if IS_ENABLED(CONFIG_IPV6)
	return !ipv6_dev_get_saddr(dev_net(dev), dev, daddr, 0, saddr);
#else
	return false;
#endif
}

/* ndisc_ns_create(): a neighbour solicitation for @target from @saddr out
 * of @dev; NULL without memory. */
struct sk_buff *bondrs_ndisc_ns(struct net_device *dev, const struct in6_addr *target,
				const struct in6_addr *saddr)
{
#if IS_ENABLED(CONFIG_IPV6)
	return ndisc_ns_create(dev, target, saddr, 0);
#else
	return NULL;
#endif
}

/* ndisc_send_skb(): sends (and consumes) a frame ndisc_ns_create() made. */
void bondrs_ndisc_send(struct sk_buff *skb, const struct in6_addr *daddr,
		       const struct in6_addr *saddr)
{
#if IS_ENABLED(CONFIG_IPV6)
	ndisc_send_skb(skb, daddr, saddr);
#else
	kfree_skb(skb);
#endif
}

/* dev_mc_add()/dev_mc_del() of the link-layer group ndisc_mc_map() gives
 * for the IPv6 multicast address @group on @dev.  RTNL held. */
void bondrs_dev_mc_ndisc(struct net_device *dev, const struct in6_addr *group, bool add)
{
#if IS_ENABLED(CONFIG_IPV6)
	char mac[MAX_ADDR_LEN];

	if (ndisc_mc_map(group, mac, dev, 0))
		return;
	if (add)
		dev_mc_add(dev, mac);
	else
		dev_mc_del(dev, mac);
#endif
}

void bondrs_dev_hold(struct net_device *dev)
{
	dev_hold(dev);
}

void bondrs_dev_put(struct net_device *dev)
{
	dev_put(dev);
}

/* For the steps that must complete (see ffi/alloc.rs). */
void *bondrs_kmalloc_nofail(size_t size)
{
	return kmalloc(size, GFP_KERNEL | __GFP_NOFAIL);
}

/* ---- for netlink.c and sysfs.c (glue_priv.h) ---- */

const struct bondrs_rust_ops *bondrs_ops(void)
{
	return rops;
}

void *bondrs_bond_rust(const struct net_device *dev)
{
	return bondrs_rust_of(dev);
}

void *bondrs_slave_rust_rcu(const struct net_device *dev)
{
	struct bondrs_slave *cs;

	if (!bondrs_is_our_slave(dev))
		return NULL;
	cs = rcu_dereference_rtnl(dev->rx_handler_data);
	return cs ? cs->rust : NULL;
}
