// SPDX-License-Identifier: GPL-2.0
/*
 * bonding_rs C glue: the sysfs files of bond_sysfs.c (the per-bond
 * directory /sys/class/net/<bond>/bonding/) and bond_sysfs_slave.c (the
 * per-slave /sys/class/net/<slave>/bonding_slave/), with the same names
 * and modes.  File plumbing only: every show is Rust's text
 * (->opt_show/->slave_show), every store one ->opt_set of the written
 * string, as bonding_sysfs_store_option() and bond_opt_tryset_rtnl() do.
 */
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <net/bonding.h>

#include "glue_priv.h"

/* ffi/sysfs.rs numbers the slave files the same way. */
static_assert(BONDRS_SLAVE_ATTR_COUNT == 8);

/* ---- /sys/class/net/<bond>/bonding/ ---- */

struct bondrs_bond_attr {
	struct device_attribute dev_attr;
	u32 id;		/* BOND_OPT_* or BONDRS_SHOW_* */
};

static ssize_t bondrs_bond_show(struct device *d, struct device_attribute *attr, char *buf)
{
	const struct bondrs_bond_attr *a = container_of(attr, struct bondrs_bond_attr, dev_attr);
	struct net_device *dev = to_net_dev(d);
	void *rust = bondrs_bond_rust(dev);

	/* The group exists only while the device is registered, after
	 * ndo_init made its state and before the destructor frees it. */
	if (!rust)
		return 0;
	return bondrs_ops()->opt_show(rust, dev, a->id, buf);
}

/* bonding_sysfs_store_option() + bond_opt_tryset_rtnl() +
 * __bond_opt_set_notify(). */
static ssize_t bondrs_bond_store(struct device *d, struct device_attribute *attr,
				 const char *buffer, size_t count)
{
	const struct bondrs_bond_attr *a = container_of(attr, struct bondrs_bond_attr, dev_attr);
	struct net_device *dev = to_net_dev(d);
	struct bondrs_optval val = {};
	void *rust = bondrs_bond_rust(dev);
	char *buffer_clone;
	int ret;

	if (!rust)
		return -ENODEV;
	buffer_clone = kstrndup(buffer, count, GFP_KERNEL);
	if (!buffer_clone)
		return -ENOMEM;
	if (!rtnl_trylock()) {
		kfree(buffer_clone);
		return restart_syscall();
	}
	val.value = BONDRS_OPTVAL_NONE;
	val.str = buffer_clone;
	ret = bondrs_ops()->opt_set(rust, dev, a->id, &val, NULL);
	if (!ret && dev->reg_state == NETREG_REGISTERED)
		call_netdevice_notifiers(NETDEV_CHANGEINFODATA, dev);
	rtnl_unlock();
	if (!ret)
		ret = count;
	kfree(buffer_clone);

	return ret;
}

#define BONDRS_BOND_ATTR(_name, _mode, _id)					\
	static struct bondrs_bond_attr bondrs_attr_##_name = {			\
		.dev_attr = __ATTR(_name, _mode, bondrs_bond_show,		\
				   ((_mode) & 0200) ? bondrs_bond_store : NULL), \
		.id = (_id),							\
	}

BONDRS_BOND_ATTR(slaves, 0644, BOND_OPT_SLAVES);
BONDRS_BOND_ATTR(mode, 0644, BOND_OPT_MODE);
BONDRS_BOND_ATTR(fail_over_mac, 0644, BOND_OPT_FAIL_OVER_MAC);
BONDRS_BOND_ATTR(arp_validate, 0644, BOND_OPT_ARP_VALIDATE);
BONDRS_BOND_ATTR(arp_all_targets, 0644, BOND_OPT_ARP_ALL_TARGETS);
BONDRS_BOND_ATTR(arp_interval, 0644, BOND_OPT_ARP_INTERVAL);
BONDRS_BOND_ATTR(arp_ip_target, 0644, BOND_OPT_ARP_TARGETS);
BONDRS_BOND_ATTR(downdelay, 0644, BOND_OPT_DOWNDELAY);
BONDRS_BOND_ATTR(updelay, 0644, BOND_OPT_UPDELAY);
BONDRS_BOND_ATTR(peer_notif_delay, 0644, BOND_OPT_PEER_NOTIF_DELAY);
BONDRS_BOND_ATTR(lacp_active, 0644, BOND_OPT_LACP_ACTIVE);
BONDRS_BOND_ATTR(lacp_rate, 0644, BOND_OPT_LACP_RATE);
BONDRS_BOND_ATTR(ad_select, 0644, BOND_OPT_AD_SELECT);
BONDRS_BOND_ATTR(xmit_hash_policy, 0644, BOND_OPT_XMIT_HASH);
/* bond_opt_get_by_name(): "num_grat_arp" is the alias's name. */
BONDRS_BOND_ATTR(num_grat_arp, 0644, BOND_OPT_NUM_PEER_NOTIF_ALIAS);
BONDRS_BOND_ATTR(num_unsol_na, 0644, BOND_OPT_NUM_PEER_NOTIF);
BONDRS_BOND_ATTR(miimon, 0644, BOND_OPT_MIIMON);
BONDRS_BOND_ATTR(primary, 0644, BOND_OPT_PRIMARY);
BONDRS_BOND_ATTR(primary_reselect, 0644, BOND_OPT_PRIMARY_RESELECT);
BONDRS_BOND_ATTR(use_carrier, 0644, BOND_OPT_USE_CARRIER);
BONDRS_BOND_ATTR(active_slave, 0644, BOND_OPT_ACTIVE_SLAVE);
BONDRS_BOND_ATTR(mii_status, 0444, BONDRS_SHOW_MII_STATUS);
BONDRS_BOND_ATTR(ad_aggregator, 0444, BONDRS_SHOW_AD_AGGREGATOR);
BONDRS_BOND_ATTR(ad_num_ports, 0444, BONDRS_SHOW_AD_NUM_PORTS);
BONDRS_BOND_ATTR(ad_actor_key, 0444, BONDRS_SHOW_AD_ACTOR_KEY);
BONDRS_BOND_ATTR(ad_partner_key, 0444, BONDRS_SHOW_AD_PARTNER_KEY);
BONDRS_BOND_ATTR(ad_partner_mac, 0444, BONDRS_SHOW_AD_PARTNER_MAC);
BONDRS_BOND_ATTR(queue_id, 0644, BOND_OPT_QUEUE_ID);
BONDRS_BOND_ATTR(all_slaves_active, 0644, BOND_OPT_ALL_SLAVES_ACTIVE);
BONDRS_BOND_ATTR(resend_igmp, 0644, BOND_OPT_RESEND_IGMP);
BONDRS_BOND_ATTR(min_links, 0644, BOND_OPT_MINLINKS);
BONDRS_BOND_ATTR(lp_interval, 0644, BOND_OPT_LP_INTERVAL);
BONDRS_BOND_ATTR(packets_per_slave, 0644, BOND_OPT_PACKETS_PER_SLAVE);
BONDRS_BOND_ATTR(tlb_dynamic_lb, 0644, BOND_OPT_TLB_DYNAMIC_LB);
BONDRS_BOND_ATTR(ad_actor_sys_prio, 0644, BOND_OPT_AD_ACTOR_SYS_PRIO);
BONDRS_BOND_ATTR(ad_actor_system, 0644, BOND_OPT_AD_ACTOR_SYSTEM);
BONDRS_BOND_ATTR(ad_user_port_key, 0644, BOND_OPT_AD_USER_PORT_KEY);
BONDRS_BOND_ATTR(arp_missed_max, 0644, BOND_OPT_MISSED_MAX);

/* per_bond_attrs[], in its order. */
static struct attribute *bondrs_bond_attrs[] = {
	&bondrs_attr_slaves.dev_attr.attr,
	&bondrs_attr_mode.dev_attr.attr,
	&bondrs_attr_fail_over_mac.dev_attr.attr,
	&bondrs_attr_arp_validate.dev_attr.attr,
	&bondrs_attr_arp_all_targets.dev_attr.attr,
	&bondrs_attr_arp_interval.dev_attr.attr,
	&bondrs_attr_arp_ip_target.dev_attr.attr,
	&bondrs_attr_downdelay.dev_attr.attr,
	&bondrs_attr_updelay.dev_attr.attr,
	&bondrs_attr_peer_notif_delay.dev_attr.attr,
	&bondrs_attr_lacp_active.dev_attr.attr,
	&bondrs_attr_lacp_rate.dev_attr.attr,
	&bondrs_attr_ad_select.dev_attr.attr,
	&bondrs_attr_xmit_hash_policy.dev_attr.attr,
	&bondrs_attr_num_grat_arp.dev_attr.attr,
	&bondrs_attr_num_unsol_na.dev_attr.attr,
	&bondrs_attr_miimon.dev_attr.attr,
	&bondrs_attr_primary.dev_attr.attr,
	&bondrs_attr_primary_reselect.dev_attr.attr,
	&bondrs_attr_use_carrier.dev_attr.attr,
	&bondrs_attr_active_slave.dev_attr.attr,
	&bondrs_attr_mii_status.dev_attr.attr,
	&bondrs_attr_ad_aggregator.dev_attr.attr,
	&bondrs_attr_ad_num_ports.dev_attr.attr,
	&bondrs_attr_ad_actor_key.dev_attr.attr,
	&bondrs_attr_ad_partner_key.dev_attr.attr,
	&bondrs_attr_ad_partner_mac.dev_attr.attr,
	&bondrs_attr_queue_id.dev_attr.attr,
	&bondrs_attr_all_slaves_active.dev_attr.attr,
	&bondrs_attr_resend_igmp.dev_attr.attr,
	&bondrs_attr_min_links.dev_attr.attr,
	&bondrs_attr_lp_interval.dev_attr.attr,
	&bondrs_attr_packets_per_slave.dev_attr.attr,
	&bondrs_attr_tlb_dynamic_lb.dev_attr.attr,
	&bondrs_attr_ad_actor_sys_prio.dev_attr.attr,
	&bondrs_attr_ad_actor_system.dev_attr.attr,
	&bondrs_attr_ad_user_port_key.dev_attr.attr,
	&bondrs_attr_arp_missed_max.dev_attr.attr,
	NULL,
};

const struct attribute_group bondrs_bonding_group = {
	.name = "bonding",
	.attrs = bondrs_bond_attrs,
};

/* ---- /sys/class/net/<slave>/bonding_slave/ ---- */

/* The directory: a child of the slave device's kobject, whose reference
 * keeps the net_device's memory while this exists. */
struct bondrs_slave_kobj {
	struct kobject kobj;
	struct net_device *dev;
};

struct bondrs_slave_attr {
	struct attribute attr;
	u32 which;	/* BONDRS_SLAVE_ATTR_* */
};

#define BONDRS_SLAVE_ATTR(_name, _which)					\
	static struct bondrs_slave_attr bondrs_slave_attr_##_name = {		\
		.attr = { .name = __stringify(_name), .mode = 0444 },		\
		.which = (_which),						\
	}

BONDRS_SLAVE_ATTR(state, BONDRS_SLAVE_ATTR_STATE);
BONDRS_SLAVE_ATTR(mii_status, BONDRS_SLAVE_ATTR_MII_STATUS);
BONDRS_SLAVE_ATTR(link_failure_count, BONDRS_SLAVE_ATTR_LINK_FAILURE_COUNT);
BONDRS_SLAVE_ATTR(perm_hwaddr, BONDRS_SLAVE_ATTR_PERM_HWADDR);
BONDRS_SLAVE_ATTR(queue_id, BONDRS_SLAVE_ATTR_QUEUE_ID);
BONDRS_SLAVE_ATTR(ad_aggregator_id, BONDRS_SLAVE_ATTR_AD_AGGREGATOR_ID);
BONDRS_SLAVE_ATTR(ad_actor_oper_port_state, BONDRS_SLAVE_ATTR_AD_ACTOR_OPER_PORT_STATE);
BONDRS_SLAVE_ATTR(ad_partner_oper_port_state, BONDRS_SLAVE_ATTR_AD_PARTNER_OPER_PORT_STATE);

/* slave_attrs[], in its order. */
static struct attribute *bondrs_slave_attrs[] = {
	&bondrs_slave_attr_state.attr,
	&bondrs_slave_attr_mii_status.attr,
	&bondrs_slave_attr_link_failure_count.attr,
	&bondrs_slave_attr_perm_hwaddr.attr,
	&bondrs_slave_attr_queue_id.attr,
	&bondrs_slave_attr_ad_aggregator_id.attr,
	&bondrs_slave_attr_ad_actor_oper_port_state.attr,
	&bondrs_slave_attr_ad_partner_oper_port_state.attr,
	NULL,
};
ATTRIBUTE_GROUPS(bondrs_slave);

static ssize_t bondrs_slave_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	const struct bondrs_slave_kobj *sk = container_of(kobj, struct bondrs_slave_kobj, kobj);
	const struct bondrs_slave_attr *a = container_of(attr, struct bondrs_slave_attr, attr);
	struct net_device *bond_dev = NULL;
	void *slave, *rust = NULL;
	ssize_t ret = 0;

	/* As bondrs_netdev_event() finds a slave, under RCU: the rx handler
	 * data (freed a grace period after the handler goes) and the bond
	 * (its state freed after its unregistration's grace periods). */
	rcu_read_lock();
	slave = bondrs_slave_rust_rcu(sk->dev);
	if (slave)
		bond_dev = netdev_master_upper_dev_get_rcu(sk->dev);
	if (bond_dev)
		rust = bondrs_bond_rust(bond_dev);
	if (rust)
		ret = bondrs_ops()->slave_show(rust, bond_dev, slave, a->which, buf);
	rcu_read_unlock();
	return ret;
}

static const struct sysfs_ops bondrs_slave_sysfs_ops = {
	.show = bondrs_slave_show,
};

static void bondrs_slave_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct bondrs_slave_kobj, kobj));
}

static const struct kobj_type bondrs_slave_ktype = {
	.release = bondrs_slave_kobj_release,
	.sysfs_ops = &bondrs_slave_sysfs_ops,
	.default_groups = bondrs_slave_groups,
};

/* bond_kobj_init() + bond_sysfs_slave_add(). */
int bondrs_slave_sysfs_add(struct net_device *slave_dev, void **handle)
{
	struct bondrs_slave_kobj *sk;
	int err;

	ASSERT_RTNL();
	*handle = NULL;
	sk = kzalloc(sizeof(*sk), GFP_KERNEL);
	if (!sk)
		return -ENOMEM;
	sk->dev = slave_dev;
	err = kobject_init_and_add(&sk->kobj, &bondrs_slave_ktype, &slave_dev->dev.kobj,
				   "bonding_slave");
	if (err) {
		/* Frees @sk through the release. */
		kobject_put(&sk->kobj);
		return err;
	}
	*handle = sk;
	return 0;
}

/* bond_sysfs_slave_del() + the kobject_put() of __bond_release_one(). */
void bondrs_slave_sysfs_del(void *handle)
{
	struct bondrs_slave_kobj *sk = handle;

	if (!sk)
		return;
	/* Waits for running reads of the files. */
	kobject_del(&sk->kobj);
	kobject_put(&sk->kobj);
}
