// SPDX-License-Identifier: GPL-2.0
/*
 * bonding_rs C glue: the rtnetlink side of the link kind, ported from
 * bond_netlink.c (7.3).  Attribute parsing and forwarding only: every
 * attribute becomes one ->opt_set() call in the C driver's order and with
 * its conversions (glue.h, struct bondrs_optval, says how each is encoded);
 * what the bond reports comes from ->bond_info()/->slave_info().  The
 * options' semantics are Rust's.
 */
#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/bonding.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "glue_priv.h"

/* ffi/netlink.rs and glue.h hard-code these. */
static_assert(BOND_STATE_ACTIVE == 0 && BOND_STATE_BACKUP == 1);
static_assert(MAX_ADDR_LEN == 32 && sizeof(struct in6_addr) == 16);
static_assert(BOND_MAX_NS_TARGETS == 16 && BOND_MAX_ARP_TARGETS == 16);
static_assert(BONDRS_OPTVAL_NONE == ULLONG_MAX);
static_assert(BOND_OPT_LAST < BONDRS_SHOW_MII_STATUS);

static size_t bondrs_nl_slave_size(void)
{
	return nla_total_size(sizeof(u8)) +	/* IFLA_BOND_SLAVE_STATE */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_SLAVE_MII_STATUS */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_SLAVE_LINK_FAILURE_COUNT */
		nla_total_size(MAX_ADDR_LEN) +	/* IFLA_BOND_SLAVE_PERM_HWADDR */
		nla_total_size(sizeof(u16)) +	/* IFLA_BOND_SLAVE_QUEUE_ID */
		nla_total_size(sizeof(u16)) +	/* IFLA_BOND_SLAVE_AD_AGGREGATOR_ID */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE */
		nla_total_size(sizeof(u16)) +	/* IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE */
		nla_total_size(sizeof(s32)) +	/* IFLA_BOND_SLAVE_PRIO */
		nla_total_size(sizeof(u16)) +	/* IFLA_BOND_SLAVE_ACTOR_PORT_PRIO */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE */
		0;
}

size_t bondrs_nl_get_slave_size(const struct net_device *bond_dev,
				const struct net_device *slave_dev)
{
	return bondrs_nl_slave_size();
}

/* bond_fill_slave_info(); the 802.3ad attributes never (no 802.3ad mode). */
int bondrs_nl_fill_slave_info(struct sk_buff *skb, const struct net_device *bond_dev,
			      const struct net_device *slave_dev)
{
	struct bondrs_slave_info info = {};
	void *rust = bondrs_bond_rust(bond_dev);
	void *slave = bondrs_slave_rust_rcu(slave_dev);

	ASSERT_RTNL();
	/* A device linked to the bond is always our slave (the rx handler is
	 * registered before the upper link and goes after it). */
	if (!rust || !slave)
		return 0;
	/* Parenthesized: net/bonding.h has a slave_info() macro. */
	(bondrs_ops()->slave_info)(rust, (struct net_device *)bond_dev, slave, &info);

	if (nla_put_u8(skb, IFLA_BOND_SLAVE_STATE, info.state))
		goto nla_put_failure;
	if (nla_put_u8(skb, IFLA_BOND_SLAVE_MII_STATUS, info.mii_status))
		goto nla_put_failure;
	if (nla_put_u32(skb, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, info.link_failure_count))
		goto nla_put_failure;
	if (nla_put(skb, IFLA_BOND_SLAVE_PERM_HWADDR,
		    min_t(unsigned int, slave_dev->addr_len, MAX_ADDR_LEN), info.perm_hwaddr))
		goto nla_put_failure;
	if (nla_put_u16(skb, IFLA_BOND_SLAVE_QUEUE_ID, info.queue_id))
		goto nla_put_failure;
	if (nla_put_s32(skb, IFLA_BOND_SLAVE_PRIO, info.prio))
		goto nla_put_failure;
	return 0;

nla_put_failure:
	return -EMSGSIZE;
}

/* Limit the max delay range to 300s */
static const struct netlink_range_validation bondrs_delay_range = {
	.max = 300000,
};

const struct nla_policy bondrs_policy[IFLA_BOND_MAX + 1] = {
	[IFLA_BOND_MODE]		= { .type = NLA_U8 },
	[IFLA_BOND_ACTIVE_SLAVE]	= { .type = NLA_U32 },
	[IFLA_BOND_MIIMON]		= { .type = NLA_U32 },
	[IFLA_BOND_UPDELAY]		= { .type = NLA_U32 },
	[IFLA_BOND_DOWNDELAY]		= { .type = NLA_U32 },
	[IFLA_BOND_USE_CARRIER]		= { .type = NLA_U8 },
	[IFLA_BOND_ARP_INTERVAL]	= { .type = NLA_U32 },
	[IFLA_BOND_ARP_IP_TARGET]	= { .type = NLA_NESTED },
	[IFLA_BOND_ARP_VALIDATE]	= { .type = NLA_U32 },
	[IFLA_BOND_ARP_ALL_TARGETS]	= { .type = NLA_U32 },
	[IFLA_BOND_PRIMARY]		= { .type = NLA_U32 },
	[IFLA_BOND_PRIMARY_RESELECT]	= { .type = NLA_U8 },
	[IFLA_BOND_FAIL_OVER_MAC]	= { .type = NLA_U8 },
	[IFLA_BOND_XMIT_HASH_POLICY]	= { .type = NLA_U8 },
	[IFLA_BOND_RESEND_IGMP]		= { .type = NLA_U32 },
	[IFLA_BOND_NUM_PEER_NOTIF]	= { .type = NLA_U8 },
	[IFLA_BOND_ALL_SLAVES_ACTIVE]	= { .type = NLA_U8 },
	[IFLA_BOND_MIN_LINKS]		= { .type = NLA_U32 },
	[IFLA_BOND_LP_INTERVAL]		= { .type = NLA_U32 },
	[IFLA_BOND_PACKETS_PER_SLAVE]	= { .type = NLA_U32 },
	[IFLA_BOND_AD_LACP_ACTIVE]	= { .type = NLA_U8 },
	[IFLA_BOND_AD_LACP_RATE]	= { .type = NLA_U8 },
	[IFLA_BOND_AD_SELECT]		= { .type = NLA_U8 },
	[IFLA_BOND_AD_INFO]		= { .type = NLA_NESTED },
	[IFLA_BOND_AD_ACTOR_SYS_PRIO]	= { .type = NLA_U16 },
	[IFLA_BOND_AD_USER_PORT_KEY]	= { .type = NLA_U16 },
	[IFLA_BOND_AD_ACTOR_SYSTEM]	= { .type = NLA_BINARY,
					    .len  = ETH_ALEN },
	[IFLA_BOND_TLB_DYNAMIC_LB]	= { .type = NLA_U8 },
	[IFLA_BOND_PEER_NOTIF_DELAY]    = NLA_POLICY_FULL_RANGE(NLA_U32, &bondrs_delay_range),
	[IFLA_BOND_MISSED_MAX]		= { .type = NLA_U8 },
	[IFLA_BOND_NS_IP6_TARGET]	= { .type = NLA_NESTED },
	[IFLA_BOND_COUPLED_CONTROL]	= { .type = NLA_U8 },
	[IFLA_BOND_BROADCAST_NEIGH]	= { .type = NLA_U8 },
	[IFLA_BOND_LACP_STRICT]		= { .type = NLA_U8 },
};

const struct nla_policy bondrs_slave_policy[IFLA_BOND_SLAVE_MAX + 1] = {
	[IFLA_BOND_SLAVE_QUEUE_ID]	= { .type = NLA_U16 },
	[IFLA_BOND_SLAVE_PRIO]		= { .type = NLA_S32 },
	[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]	= { .type = NLA_U16 },
};

int bondrs_nl_validate(struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN)
			return -EINVAL;
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS])))
			return -EADDRNOTAVAIL;
	}
	return 0;
}

/* bond_opt_initval() / initstr() / initextra() / slave_initval(). */
static void bondrs_optval_init(struct bondrs_optval *v, const char *str, u64 value,
			       const void *extra, u32 extra_len, struct net_device *slave_dev)
{
	v->value = str || extra ? BONDRS_OPTVAL_NONE : value;
	v->str = str;
	v->extra = extra;
	v->extra_len = extra ? extra_len : 0;
	v->slave_dev = slave_dev;
}

/*
 * __bond_opt_set(bond, id, val, bad_attr, extack): Rust's setter; every
 * extack message it sets for a refusal is NL_SET_ERR_MSG_ATTR(extack,
 * bad_attr, ...) in the C driver (bond_opt_error_interpret()), so the
 * attribute is pointed at here once a message was set.
 */
static int bondrs_opt_set(struct net_device *dev, u32 id, const struct bondrs_optval *val,
			  const struct nlattr *bad_attr, struct netlink_ext_ack *extack)
{
	const char *msg = extack ? extack->_msg : NULL;
	void *rust = bondrs_bond_rust(dev);
	int err;

	if (!rust)
		return -ENODEV;
	err = bondrs_ops()->opt_set(rust, dev, id, val, extack);
	if (err && extack && extack->_msg && extack->_msg != msg)
		NL_SET_BAD_ATTR(extack, bad_attr);
	return err;
}

/* A numeric option (bond_opt_initval()). */
static int bondrs_opt_set_val(struct net_device *dev, u32 id, u64 value,
			      const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct bondrs_optval v;

	bondrs_optval_init(&v, NULL, value, NULL, 0, NULL);
	return bondrs_opt_set(dev, id, &v, attr, extack);
}

static int bondrs_opt_set_str(struct net_device *dev, u32 id, const char *str,
			      const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct bondrs_optval v;

	bondrs_optval_init(&v, str, 0, NULL, 0, NULL);
	return bondrs_opt_set(dev, id, &v, attr, extack);
}

/* The "clear all" of bond_option_{arp_ip,ns_ip6}_targets_clear(). */
static int bondrs_opt_clear(struct net_device *dev, u32 id, const struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	struct bondrs_optval v;

	bondrs_optval_init(&v, NULL, BONDRS_OPTVAL_NONE, NULL, 0, NULL);
	return bondrs_opt_set(dev, id, &v, attr, extack);
}

/* bond->params.arp_interval, for changelink's warnings. */
static u32 bondrs_arp_interval(struct net_device *dev)
{
	struct bondrs_bond_info info = {};

	rcu_read_lock();
	bondrs_ops()->bond_info(bondrs_bond_rust(dev), dev, &info);
	rcu_read_unlock();
	return info.arp_interval;
}

int bondrs_nl_slave_changelink(struct net_device *bond_dev, struct net_device *slave_dev,
			       struct nlattr *tb[], struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	struct bondrs_optval v;
	int err;

	if (!data)
		return 0;

	if (data[IFLA_BOND_SLAVE_QUEUE_ID]) {
		u16 queue_id = nla_get_u16(data[IFLA_BOND_SLAVE_QUEUE_ID]);
		char queue_id_str[IFNAMSIZ + 7];

		/* queue_id option setting expects slave_name:queue_id */
		snprintf(queue_id_str, sizeof(queue_id_str), "%s:%u\n",
			 slave_dev->name, queue_id);
		err = bondrs_opt_set_str(bond_dev, BOND_OPT_QUEUE_ID, queue_id_str,
					 data[IFLA_BOND_SLAVE_QUEUE_ID], extack);
		if (err)
			return err;
	}

	if (data[IFLA_BOND_SLAVE_PRIO]) {
		int prio = nla_get_s32(data[IFLA_BOND_SLAVE_PRIO]);

		bondrs_optval_init(&v, NULL, prio, NULL, 0, slave_dev);
		err = bondrs_opt_set(bond_dev, BOND_OPT_PRIO, &v,
				     data[IFLA_BOND_SLAVE_PRIO], extack);
		if (err)
			return err;
	}

	if (data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]) {
		u16 ad_prio = nla_get_u16(data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]);

		bondrs_optval_init(&v, NULL, ad_prio, NULL, 0, slave_dev);
		err = bondrs_opt_set(bond_dev, BOND_OPT_ACTOR_PORT_PRIO, &v,
				     data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO], extack);
		if (err)
			return err;
	}

	return 0;
}

/* One numeric attribute: read as the C driver reads it into an int. */
#define BONDRS_NL_VAL(attr, get, id)						\
	do {									\
		if (data[attr]) {						\
			int __v = get(data[attr]);				\
										\
			err = bondrs_opt_set_val(bond_dev, id, __v, data[attr], extack); \
			if (err)						\
				return err;					\
		}								\
	} while (0)

/* bond_changelink(): the attributes in its order, with its checks. */
int bondrs_nl_changelink(struct net_device *bond_dev, struct nlattr *tb[],
			 struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct bondrs_optval v;
	int miimon = 0;
	int err = 0;

	ASSERT_RTNL();
	if (!data)
		return 0;

	BONDRS_NL_VAL(IFLA_BOND_MODE, nla_get_u8, BOND_OPT_MODE);
	if (data[IFLA_BOND_ACTIVE_SLAVE]) {
		int ifindex = nla_get_u32(data[IFLA_BOND_ACTIVE_SLAVE]);
		struct net_device *slave_dev;
		char *active_slave = "";

		if (ifindex != 0) {
			slave_dev = __dev_get_by_index(dev_net(bond_dev), ifindex);
			if (!slave_dev)
				return -ENODEV;
			active_slave = slave_dev->name;
		}
		err = bondrs_opt_set_str(bond_dev, BOND_OPT_ACTIVE_SLAVE, active_slave,
					 data[IFLA_BOND_ACTIVE_SLAVE], extack);
		if (err)
			return err;
	}
	if (data[IFLA_BOND_MIIMON]) {
		miimon = nla_get_u32(data[IFLA_BOND_MIIMON]);

		err = bondrs_opt_set_val(bond_dev, BOND_OPT_MIIMON, miimon,
					 data[IFLA_BOND_MIIMON], extack);
		if (err)
			return err;
	}
	BONDRS_NL_VAL(IFLA_BOND_UPDELAY, nla_get_u32, BOND_OPT_UPDELAY);
	BONDRS_NL_VAL(IFLA_BOND_DOWNDELAY, nla_get_u32, BOND_OPT_DOWNDELAY);
	BONDRS_NL_VAL(IFLA_BOND_PEER_NOTIF_DELAY, nla_get_u32, BOND_OPT_PEER_NOTIF_DELAY);
	if (data[IFLA_BOND_USE_CARRIER]) {
		if (nla_get_u8(data[IFLA_BOND_USE_CARRIER]) != 1) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_BOND_USE_CARRIER],
					    "option obsolete, use_carrier cannot be disabled");
			return -EINVAL;
		}
	}
	if (data[IFLA_BOND_ARP_INTERVAL]) {
		int arp_interval = nla_get_u32(data[IFLA_BOND_ARP_INTERVAL]);

		if (arp_interval && miimon) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_BOND_ARP_INTERVAL],
					    "ARP monitoring cannot be used with MII monitoring");
			return -EINVAL;
		}

		err = bondrs_opt_set_val(bond_dev, BOND_OPT_ARP_INTERVAL, arp_interval,
					 data[IFLA_BOND_ARP_INTERVAL], extack);
		if (err)
			return err;
	}
	if (data[IFLA_BOND_ARP_IP_TARGET]) {
		struct nlattr *attr;
		int i = 0, rem;

		err = bondrs_opt_clear(bond_dev, BOND_OPT_ARP_TARGETS,
				       data[IFLA_BOND_ARP_IP_TARGET], extack);
		if (err)
			return err;
		nla_for_each_nested(attr, data[IFLA_BOND_ARP_IP_TARGET], rem) {
			__be32 target;

			if (nla_len(attr) < sizeof(target))
				return -EINVAL;

			target = nla_get_be32(attr);

			err = bondrs_opt_set_val(bond_dev, BOND_OPT_ARP_TARGETS,
						 (__force u64)target,
						 data[IFLA_BOND_ARP_IP_TARGET], extack);
			if (err)
				break;
			i++;
		}
		if (i == 0 && bondrs_arp_interval(bond_dev))
			netdev_warn(bond_dev, "Removing last arp target with arp_interval on\n");
		if (err)
			return err;
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (data[IFLA_BOND_NS_IP6_TARGET]) {
		struct nlattr *attr;
		int i = 0, rem;

		err = bondrs_opt_clear(bond_dev, BOND_OPT_NS_TARGETS,
				       data[IFLA_BOND_NS_IP6_TARGET], extack);
		if (err)
			return err;
		nla_for_each_nested(attr, data[IFLA_BOND_NS_IP6_TARGET], rem) {
			struct in6_addr addr6;

			if (nla_len(attr) < sizeof(addr6)) {
				NL_SET_ERR_MSG(extack, "Invalid IPv6 address");
				return -EINVAL;
			}

			addr6 = nla_get_in6_addr(attr);

			bondrs_optval_init(&v, NULL, 0, &addr6, sizeof(addr6), NULL);
			err = bondrs_opt_set(bond_dev, BOND_OPT_NS_TARGETS, &v,
					     data[IFLA_BOND_NS_IP6_TARGET], extack);
			if (err)
				break;
			i++;
		}
		if (i == 0 && bondrs_arp_interval(bond_dev))
			netdev_warn(bond_dev, "Removing last ns target with arp_interval on\n");
		if (err)
			return err;
	}
#endif
	if (data[IFLA_BOND_ARP_VALIDATE]) {
		int arp_validate = nla_get_u32(data[IFLA_BOND_ARP_VALIDATE]);

		if (arp_validate && miimon) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_BOND_ARP_VALIDATE],
					    "ARP validating cannot be used with MII monitoring");
			return -EINVAL;
		}

		err = bondrs_opt_set_val(bond_dev, BOND_OPT_ARP_VALIDATE, arp_validate,
					 data[IFLA_BOND_ARP_VALIDATE], extack);
		if (err)
			return err;
	}
	BONDRS_NL_VAL(IFLA_BOND_ARP_ALL_TARGETS, nla_get_u32, BOND_OPT_ARP_ALL_TARGETS);
	if (data[IFLA_BOND_PRIMARY]) {
		int ifindex = nla_get_u32(data[IFLA_BOND_PRIMARY]);
		struct net_device *dev;
		char *primary = "";

		dev = __dev_get_by_index(dev_net(bond_dev), ifindex);
		if (dev)
			primary = dev->name;

		err = bondrs_opt_set_str(bond_dev, BOND_OPT_PRIMARY, primary,
					 data[IFLA_BOND_PRIMARY], extack);
		if (err)
			return err;
	}
	BONDRS_NL_VAL(IFLA_BOND_PRIMARY_RESELECT, nla_get_u8, BOND_OPT_PRIMARY_RESELECT);
	BONDRS_NL_VAL(IFLA_BOND_FAIL_OVER_MAC, nla_get_u8, BOND_OPT_FAIL_OVER_MAC);
	BONDRS_NL_VAL(IFLA_BOND_XMIT_HASH_POLICY, nla_get_u8, BOND_OPT_XMIT_HASH);
	BONDRS_NL_VAL(IFLA_BOND_RESEND_IGMP, nla_get_u32, BOND_OPT_RESEND_IGMP);
	BONDRS_NL_VAL(IFLA_BOND_NUM_PEER_NOTIF, nla_get_u8, BOND_OPT_NUM_PEER_NOTIF);
	BONDRS_NL_VAL(IFLA_BOND_ALL_SLAVES_ACTIVE, nla_get_u8, BOND_OPT_ALL_SLAVES_ACTIVE);
	BONDRS_NL_VAL(IFLA_BOND_MIN_LINKS, nla_get_u32, BOND_OPT_MINLINKS);
	BONDRS_NL_VAL(IFLA_BOND_LP_INTERVAL, nla_get_u32, BOND_OPT_LP_INTERVAL);
	BONDRS_NL_VAL(IFLA_BOND_PACKETS_PER_SLAVE, nla_get_u32, BOND_OPT_PACKETS_PER_SLAVE);
	BONDRS_NL_VAL(IFLA_BOND_AD_LACP_ACTIVE, nla_get_u8, BOND_OPT_LACP_ACTIVE);
	BONDRS_NL_VAL(IFLA_BOND_AD_LACP_RATE, nla_get_u8, BOND_OPT_LACP_RATE);
	BONDRS_NL_VAL(IFLA_BOND_AD_SELECT, nla_get_u8, BOND_OPT_AD_SELECT);
	BONDRS_NL_VAL(IFLA_BOND_AD_ACTOR_SYS_PRIO, nla_get_u16, BOND_OPT_AD_ACTOR_SYS_PRIO);
	BONDRS_NL_VAL(IFLA_BOND_AD_USER_PORT_KEY, nla_get_u16, BOND_OPT_AD_USER_PORT_KEY);
	if (data[IFLA_BOND_AD_ACTOR_SYSTEM]) {
		if (nla_len(data[IFLA_BOND_AD_ACTOR_SYSTEM]) != ETH_ALEN)
			return -EINVAL;

		/* The bytes, and the number bond_opt_initval() gets. */
		bondrs_optval_init(&v, NULL, 0, nla_data(data[IFLA_BOND_AD_ACTOR_SYSTEM]),
				   ETH_ALEN, NULL);
		v.value = nla_get_u64(data[IFLA_BOND_AD_ACTOR_SYSTEM]);
		err = bondrs_opt_set(bond_dev, BOND_OPT_AD_ACTOR_SYSTEM, &v,
				     data[IFLA_BOND_AD_ACTOR_SYSTEM], extack);
		if (err)
			return err;
	}
	BONDRS_NL_VAL(IFLA_BOND_TLB_DYNAMIC_LB, nla_get_u8, BOND_OPT_TLB_DYNAMIC_LB);
	BONDRS_NL_VAL(IFLA_BOND_MISSED_MAX, nla_get_u8, BOND_OPT_MISSED_MAX);
	BONDRS_NL_VAL(IFLA_BOND_COUPLED_CONTROL, nla_get_u8, BOND_OPT_COUPLED_CONTROL);
	BONDRS_NL_VAL(IFLA_BOND_BROADCAST_NEIGH, nla_get_u8, BOND_OPT_BROADCAST_NEIGH);
	BONDRS_NL_VAL(IFLA_BOND_LACP_STRICT, nla_get_u8, BOND_OPT_LACP_STRICT);

	return 0;
}

/*
 * bond_newlink(): register, then the options; on a refused option the bond
 * is unregistered again (the core's free_netdev() then defers to the
 * unregistration, which frees it through the destructor, once).
 */
int bondrs_nl_newlink(struct net_device *dev, struct rtnl_newlink_params *params,
		      struct netlink_ext_ack *extack)
{
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;

	netif_carrier_off(dev);

	err = bondrs_nl_changelink(dev, params->tb, params->data, extack);
	if (err)
		unregister_netdevice(dev);

	return err;
}

size_t bondrs_nl_get_size(const struct net_device *bond_dev)
{
	return nla_total_size(sizeof(u8)) +	/* IFLA_BOND_MODE */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_ACTIVE_SLAVE */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_MIIMON */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_UPDELAY */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_DOWNDELAY */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_USE_CARRIER */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_ARP_INTERVAL */
						/* IFLA_BOND_ARP_IP_TARGET */
		nla_total_size(sizeof(struct nlattr)) +
		nla_total_size(sizeof(u32)) * BOND_MAX_ARP_TARGETS +
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_ARP_VALIDATE */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_ARP_ALL_TARGETS */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_PRIMARY */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_PRIMARY_RESELECT */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_FAIL_OVER_MAC */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_XMIT_HASH_POLICY */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_RESEND_IGMP */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_NUM_PEER_NOTIF */
		nla_total_size(sizeof(u8)) +   /* IFLA_BOND_ALL_SLAVES_ACTIVE */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_MIN_LINKS */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_LP_INTERVAL */
		nla_total_size(sizeof(u32)) +  /* IFLA_BOND_PACKETS_PER_SLAVE */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_AD_LACP_ACTIVE */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_AD_LACP_RATE */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_AD_SELECT */
		nla_total_size(sizeof(struct nlattr)) + /* IFLA_BOND_AD_INFO */
		nla_total_size(sizeof(u16)) + /* IFLA_BOND_AD_INFO_AGGREGATOR */
		nla_total_size(sizeof(u16)) + /* IFLA_BOND_AD_INFO_NUM_PORTS */
		nla_total_size(sizeof(u16)) + /* IFLA_BOND_AD_INFO_ACTOR_KEY */
		nla_total_size(sizeof(u16)) + /* IFLA_BOND_AD_INFO_PARTNER_KEY*/
		nla_total_size(ETH_ALEN) +    /* IFLA_BOND_AD_INFO_PARTNER_MAC*/
		nla_total_size(sizeof(u16)) + /* IFLA_BOND_AD_ACTOR_SYS_PRIO */
		nla_total_size(sizeof(u16)) + /* IFLA_BOND_AD_USER_PORT_KEY */
		nla_total_size(ETH_ALEN) + /* IFLA_BOND_AD_ACTOR_SYSTEM */
		nla_total_size(sizeof(u8)) + /* IFLA_BOND_TLB_DYNAMIC_LB */
		nla_total_size(sizeof(u32)) +	/* IFLA_BOND_PEER_NOTIF_DELAY */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_MISSED_MAX */
						/* IFLA_BOND_NS_IP6_TARGET */
		nla_total_size(sizeof(struct nlattr)) +
		nla_total_size(sizeof(struct in6_addr)) * BOND_MAX_NS_TARGETS +
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_COUPLED_CONTROL */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_BROADCAST_NEIGH */
		nla_total_size(sizeof(u8)) +	/* IFLA_BOND_LACP_STRICT */
		0;
}

/* bond_fill_info(), from one consistent ->bond_info() read; no
 * IFLA_BOND_AD_INFO (no 802.3ad mode to have an aggregator). */
static int bondrs_fill_info(struct sk_buff *skb, const struct bondrs_bond_info *info)
{
	struct nlattr *targets;
	int i, targets_added;

	if (nla_put_u8(skb, IFLA_BOND_MODE, info->mode))
		goto nla_put_failure;

	if (info->active_slave_ifindex &&
	    nla_put_u32(skb, IFLA_BOND_ACTIVE_SLAVE, info->active_slave_ifindex))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_MIIMON, info->miimon))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_UPDELAY, info->updelay_ms))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_DOWNDELAY, info->downdelay_ms))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_PEER_NOTIF_DELAY, info->peer_notif_delay_ms))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_USE_CARRIER, 1))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_ARP_INTERVAL, info->arp_interval))
		goto nla_put_failure;

	targets = nla_nest_start_noflag(skb, IFLA_BOND_ARP_IP_TARGET);
	if (!targets)
		goto nla_put_failure;

	targets_added = 0;
	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		__be32 t = info->arp_targets[i];

		if (t) {
			if (nla_put_be32(skb, i, t))
				goto nla_put_failure;
			targets_added = 1;
		}
	}

	if (targets_added)
		nla_nest_end(skb, targets);
	else
		nla_nest_cancel(skb, targets);

	if (nla_put_u32(skb, IFLA_BOND_ARP_VALIDATE, info->arp_validate))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_ARP_ALL_TARGETS, info->arp_all_targets))
		goto nla_put_failure;

#if IS_ENABLED(CONFIG_IPV6)
	targets = nla_nest_start(skb, IFLA_BOND_NS_IP6_TARGET);
	if (!targets)
		goto nla_put_failure;

	targets_added = 0;
	for (i = 0; i < BOND_MAX_NS_TARGETS; i++) {
		const struct in6_addr *t = (const struct in6_addr *)info->ns_targets[i];

		if (!ipv6_addr_any(t)) {
			if (nla_put_in6_addr(skb, i, t))
				goto nla_put_failure;
			targets_added = 1;
		}
	}

	if (targets_added)
		nla_nest_end(skb, targets);
	else
		nla_nest_cancel(skb, targets);
#endif

	if (info->primary_ifindex &&
	    nla_put_u32(skb, IFLA_BOND_PRIMARY, info->primary_ifindex))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_PRIMARY_RESELECT, info->primary_reselect))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_FAIL_OVER_MAC, info->fail_over_mac))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_XMIT_HASH_POLICY, info->xmit_hash_policy))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_RESEND_IGMP, info->resend_igmp))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_NUM_PEER_NOTIF, info->num_peer_notif))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_ALL_SLAVES_ACTIVE, info->all_slaves_active))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_MIN_LINKS, info->min_links))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_LP_INTERVAL, info->lp_interval))
		goto nla_put_failure;

	if (nla_put_u32(skb, IFLA_BOND_PACKETS_PER_SLAVE, info->packets_per_slave))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_AD_LACP_ACTIVE, info->lacp_active))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_AD_LACP_RATE, info->lacp_rate))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_AD_SELECT, info->ad_select))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_TLB_DYNAMIC_LB, info->tlb_dynamic_lb))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_MISSED_MAX, info->missed_max))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_COUPLED_CONTROL, info->coupled_control))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_BROADCAST_NEIGH, info->broadcast_neighbor))
		goto nla_put_failure;

	if (nla_put_u8(skb, IFLA_BOND_LACP_STRICT, info->lacp_strict))
		goto nla_put_failure;

	if (info->mode == BOND_MODE_8023AD && capable(CAP_NET_ADMIN)) {
		if (nla_put_u16(skb, IFLA_BOND_AD_ACTOR_SYS_PRIO, info->ad_actor_sys_prio))
			goto nla_put_failure;

		if (nla_put_u16(skb, IFLA_BOND_AD_USER_PORT_KEY, info->ad_user_port_key))
			goto nla_put_failure;

		if (nla_put(skb, IFLA_BOND_AD_ACTOR_SYSTEM, ETH_ALEN, info->ad_actor_system))
			goto nla_put_failure;
	}

	return 0;

nla_put_failure:
	return -EMSGSIZE;
}

int bondrs_nl_fill_info(struct sk_buff *skb, const struct net_device *bond_dev)
{
	/* On the stack: fill_info may run where no allocation may sleep. */
	struct bondrs_bond_info info = {};
	void *rust = bondrs_bond_rust(bond_dev);

	if (!rust)
		return 0;
	rcu_read_lock();
	bondrs_ops()->bond_info(rust, (struct net_device *)bond_dev, &info);
	rcu_read_unlock();
	return bondrs_fill_info(skb, &info);
}

/* bond_get_linkxstats_size(): bond_3ad_stats_size() + the nest. */
size_t bondrs_nl_get_linkxstats_size(const struct net_device *dev, int attr)
{
	switch (attr) {
	case IFLA_STATS_LINK_XSTATS:
	case IFLA_STATS_LINK_XSTATS_SLAVE:
		break;
	default:
		return 0;
	}

	return nla_total_size_64bit(sizeof(u64)) * 9 + nla_total_size(0);
}

/*
 * bond_fill_linkxstats(): the LINK_XSTATS_TYPE_BOND nest, which holds
 * BOND_XSTATS_3AD only in 802.3ad mode; bonding_rs has no such mode, so the
 * nest is empty, as bonding.ko's for every other mode.
 */
int bondrs_nl_fill_linkxstats(struct sk_buff *skb, const struct net_device *dev,
			      int *prividx, int attr)
{
	struct nlattr *nest;

	switch (attr) {
	case IFLA_STATS_LINK_XSTATS:
		break;
	case IFLA_STATS_LINK_XSTATS_SLAVE:
		if (!bondrs_slave_rust_rcu(dev))
			return 0;
		break;
	default:
		return -EINVAL;
	}

	nest = nla_nest_start_noflag(skb, LINK_XSTATS_TYPE_BOND);
	if (!nest)
		return -EMSGSIZE;
	nla_nest_end(skb, nest);

	return 0;
}
