// SPDX-License-Identifier: GPL-2.0
/*
 * bonding_rs C glue: the rtnetlink side of the link kind, ported from
 * bond_netlink.c (7.3).  Attribute decoding only: changelink/newlink and
 * slave_changelink decode their attributes into steps (glue.h, struct
 * bondrs_nl_step and struct bondrs_optval, say how each is encoded) in the
 * C driver's order and with its conversions, and hand them to one
 * ->changelink(), which checks and applies them; what the bond reports
 * comes from ->bond_info()/->slave_info().  The options' semantics, and
 * bond_changelink()'s checks and warnings, are Rust's.
 */
#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
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

/* The steps of one request (glue.h, struct bondrs_nl_step), @n of @cap. */
struct bondrs_nl_steps {
	struct bondrs_nl_step *v;
	u32 n, cap;
};

/* Appends a step with no value (the callers size the array for every step
 * their decoding can append). */
static struct bondrs_nl_step *bondrs_nl_step(struct bondrs_nl_steps *s, u32 kind, u32 id,
					     const struct nlattr *attr)
{
	struct bondrs_nl_step *st = &s->v[s->n++];

	st->kind = kind;
	st->id = id;
	st->attr = attr;
	bondrs_optval_init(&st->val, NULL, BONDRS_OPTVAL_NONE, NULL, 0, NULL);
	return st;
}

/* A numeric option (bond_opt_initval()). */
static struct bondrs_nl_step *bondrs_nl_val(struct bondrs_nl_steps *s, u32 id, u64 value,
					    const struct nlattr *attr)
{
	struct bondrs_nl_step *st = bondrs_nl_step(s, BONDRS_NL_OPT, id, attr);

	st->val.value = value;
	return st;
}

/* A string option (bond_opt_initstr()); @str lives until the steps run. */
static void bondrs_nl_str(struct bondrs_nl_steps *s, u32 id, const char *str,
			  const struct nlattr *attr)
{
	struct bondrs_nl_step *st = bondrs_nl_step(s, BONDRS_NL_OPT, id, attr);

	bondrs_optval_init(&st->val, str, 0, NULL, 0, NULL);
}

/* An attribute that does not decode: the last step, failing with -@err. */
static void bondrs_nl_decode_err(struct bondrs_nl_steps *s, int err, const struct nlattr *attr)
{
	bondrs_nl_step(s, BONDRS_NL_DECODE_ERR, 0, attr)->val.value = err;
}

/* Runs the steps in Rust (->changelink). */
static int bondrs_nl_run(struct net_device *dev, const struct bondrs_nl_steps *s,
			 struct netlink_ext_ack *extack)
{
	void *rust;

	if (!s->n)
		return 0;
	rust = bondrs_bond_rust(dev);
	if (!rust)
		return -ENODEV;
	return bondrs_ops()->changelink(rust, dev, s->v, s->n, extack);
}

/* bond_slave_changelink(): its attributes in its order. */
int bondrs_nl_slave_changelink(struct net_device *bond_dev, struct net_device *slave_dev,
			       struct nlattr *tb[], struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	struct bondrs_nl_step steps[3];
	struct bondrs_nl_steps s = { .v = steps, .cap = ARRAY_SIZE(steps) };
	char queue_id_str[IFNAMSIZ + 7];

	if (!data)
		return 0;

	if (data[IFLA_BOND_SLAVE_QUEUE_ID]) {
		u16 queue_id = nla_get_u16(data[IFLA_BOND_SLAVE_QUEUE_ID]);

		/* queue_id option setting expects slave_name:queue_id */
		snprintf(queue_id_str, sizeof(queue_id_str), "%s:%u\n",
			 slave_dev->name, queue_id);
		bondrs_nl_str(&s, BOND_OPT_QUEUE_ID, queue_id_str, data[IFLA_BOND_SLAVE_QUEUE_ID]);
	}

	if (data[IFLA_BOND_SLAVE_PRIO]) {
		int prio = nla_get_s32(data[IFLA_BOND_SLAVE_PRIO]);

		bondrs_nl_val(&s, BOND_OPT_PRIO, prio,
			      data[IFLA_BOND_SLAVE_PRIO])->val.slave_dev = slave_dev;
	}

	if (data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]) {
		u16 ad_prio = nla_get_u16(data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]);

		bondrs_nl_val(&s, BOND_OPT_ACTOR_PORT_PRIO, ad_prio,
			      data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO])->val.slave_dev = slave_dev;
	}

	return bondrs_nl_run(bond_dev, &s, extack);
}

/* The entries of a nested attribute, or 0 without it. */
static u32 bondrs_nl_nested_count(const struct nlattr *nest)
{
	struct nlattr *attr;
	u32 n = 0;
	int rem;

	if (nest)
		nla_for_each_nested(attr, nest, rem)
			n++;
	return n;
}

/* One numeric attribute: read as the C driver reads it into an int. */
#define BONDRS_NL_VAL(attr, get, id)						\
	do {									\
		if (data[attr]) {						\
			int __v = get(data[attr]);				\
										\
			bondrs_nl_val(s, id, __v, data[attr]);			\
		}								\
	} while (0)

/*
 * bond_changelink()'s attributes in its order, decoded into @s (sized by
 * bondrs_nl_changelink()); an attribute that does not decode ends the steps
 * with the error bond_changelink() returns at that point.  The checks
 * between attributes are Rust's (->changelink).
 */
static void bondrs_nl_decode(struct net_device *bond_dev, struct nlattr *data[],
			     struct bondrs_nl_steps *s)
{
	BONDRS_NL_VAL(IFLA_BOND_MODE, nla_get_u8, BOND_OPT_MODE);
	if (data[IFLA_BOND_ACTIVE_SLAVE]) {
		int ifindex = nla_get_u32(data[IFLA_BOND_ACTIVE_SLAVE]);
		struct net_device *slave_dev;
		char *active_slave = "";

		if (ifindex != 0) {
			slave_dev = __dev_get_by_index(dev_net(bond_dev), ifindex);
			if (!slave_dev) {
				bondrs_nl_decode_err(s, ENODEV, data[IFLA_BOND_ACTIVE_SLAVE]);
				return;
			}
			active_slave = slave_dev->name;
		}
		bondrs_nl_str(s, BOND_OPT_ACTIVE_SLAVE, active_slave, data[IFLA_BOND_ACTIVE_SLAVE]);
	}
	BONDRS_NL_VAL(IFLA_BOND_MIIMON, nla_get_u32, BOND_OPT_MIIMON);
	BONDRS_NL_VAL(IFLA_BOND_UPDELAY, nla_get_u32, BOND_OPT_UPDELAY);
	BONDRS_NL_VAL(IFLA_BOND_DOWNDELAY, nla_get_u32, BOND_OPT_DOWNDELAY);
	BONDRS_NL_VAL(IFLA_BOND_PEER_NOTIF_DELAY, nla_get_u32, BOND_OPT_PEER_NOTIF_DELAY);
	if (data[IFLA_BOND_USE_CARRIER])
		bondrs_nl_step(s, BONDRS_NL_USE_CARRIER, 0, data[IFLA_BOND_USE_CARRIER])->val.value =
			nla_get_u8(data[IFLA_BOND_USE_CARRIER]);
	BONDRS_NL_VAL(IFLA_BOND_ARP_INTERVAL, nla_get_u32, BOND_OPT_ARP_INTERVAL);
	if (data[IFLA_BOND_ARP_IP_TARGET]) {
		const struct nlattr *list = data[IFLA_BOND_ARP_IP_TARGET];
		struct nlattr *attr;
		int rem;

		bondrs_nl_step(s, BONDRS_NL_TARGETS_BEGIN, BOND_OPT_ARP_TARGETS, list);
		nla_for_each_nested(attr, list, rem) {
			__be32 target;

			if (nla_len(attr) < sizeof(target)) {
				bondrs_nl_decode_err(s, EINVAL, list);
				return;
			}

			target = nla_get_be32(attr);

			bondrs_nl_val(s, BOND_OPT_ARP_TARGETS, (__force u64)target, list);
		}
		bondrs_nl_step(s, BONDRS_NL_TARGETS_END, BOND_OPT_ARP_TARGETS, list);
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (data[IFLA_BOND_NS_IP6_TARGET]) {
		const struct nlattr *list = data[IFLA_BOND_NS_IP6_TARGET];
		struct bondrs_nl_step *st;
		struct nlattr *attr;
		int rem;

		bondrs_nl_step(s, BONDRS_NL_TARGETS_BEGIN, BOND_OPT_NS_TARGETS, list);
		nla_for_each_nested(attr, list, rem) {
			if (nla_len(attr) < sizeof(struct in6_addr)) {
				bondrs_nl_step(s, BONDRS_NL_BAD_IPV6, 0, NULL);
				return;
			}

			/* The bytes nla_get_in6_addr() copies, in the request. */
			st = bondrs_nl_step(s, BONDRS_NL_OPT, BOND_OPT_NS_TARGETS, list);
			bondrs_optval_init(&st->val, NULL, 0, nla_data(attr),
					   sizeof(struct in6_addr), NULL);
		}
		bondrs_nl_step(s, BONDRS_NL_TARGETS_END, BOND_OPT_NS_TARGETS, list);
	}
#endif
	BONDRS_NL_VAL(IFLA_BOND_ARP_VALIDATE, nla_get_u32, BOND_OPT_ARP_VALIDATE);
	BONDRS_NL_VAL(IFLA_BOND_ARP_ALL_TARGETS, nla_get_u32, BOND_OPT_ARP_ALL_TARGETS);
	if (data[IFLA_BOND_PRIMARY]) {
		int ifindex = nla_get_u32(data[IFLA_BOND_PRIMARY]);
		struct net_device *dev;
		char *primary = "";

		dev = __dev_get_by_index(dev_net(bond_dev), ifindex);
		if (dev)
			primary = dev->name;

		bondrs_nl_str(s, BOND_OPT_PRIMARY, primary, data[IFLA_BOND_PRIMARY]);
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
		const struct nlattr *attr = data[IFLA_BOND_AD_ACTOR_SYSTEM];
		struct bondrs_nl_step *st;

		if (nla_len(attr) != ETH_ALEN) {
			bondrs_nl_decode_err(s, EINVAL, attr);
			return;
		}

		/* The bytes, and the number bond_opt_initval() gets. */
		st = bondrs_nl_step(s, BONDRS_NL_OPT, BOND_OPT_AD_ACTOR_SYSTEM, attr);
		bondrs_optval_init(&st->val, NULL, 0, nla_data(attr), ETH_ALEN, NULL);
		st->val.value = nla_get_u64(attr);
	}
	BONDRS_NL_VAL(IFLA_BOND_TLB_DYNAMIC_LB, nla_get_u8, BOND_OPT_TLB_DYNAMIC_LB);
	BONDRS_NL_VAL(IFLA_BOND_MISSED_MAX, nla_get_u8, BOND_OPT_MISSED_MAX);
	BONDRS_NL_VAL(IFLA_BOND_COUPLED_CONTROL, nla_get_u8, BOND_OPT_COUPLED_CONTROL);
	BONDRS_NL_VAL(IFLA_BOND_BROADCAST_NEIGH, nla_get_u8, BOND_OPT_BROADCAST_NEIGH);
	BONDRS_NL_VAL(IFLA_BOND_LACP_STRICT, nla_get_u8, BOND_OPT_LACP_STRICT);
}

/* bond_changelink(): the attributes decoded in its order, then run. */
int bondrs_nl_changelink(struct net_device *bond_dev, struct nlattr *tb[],
			 struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct bondrs_nl_steps s = {};
	int err;

	ASSERT_RTNL();
	if (!data)
		return 0;

	/*
	 * At most one step per attribute, a target list two more (its begin
	 * and end) and one per entry, and the decoding error; the lists are
	 * as long as the request makes them.
	 */
	s.cap = IFLA_BOND_MAX + 2 * 2 + 1 +
		bondrs_nl_nested_count(data[IFLA_BOND_ARP_IP_TARGET]);
#if IS_ENABLED(CONFIG_IPV6)
	s.cap += bondrs_nl_nested_count(data[IFLA_BOND_NS_IP6_TARGET]);
#endif
	s.v = kvmalloc_array(s.cap, sizeof(*s.v), GFP_KERNEL);
	if (!s.v)
		return -ENOMEM;
	bondrs_nl_decode(bond_dev, data, &s);
	err = bondrs_nl_run(bond_dev, &s, extack);
	kvfree(s.v);
	return err;
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
