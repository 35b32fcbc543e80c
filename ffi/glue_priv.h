/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bonding_rs C glue, between its C files only (glue.c, netlink.c, sysfs.c):
 * nothing here crosses to Rust, so nothing here is mirrored in ffi/.
 */
#ifndef BONDING_RS_GLUE_PRIV_H
#define BONDING_RS_GLUE_PRIV_H

#include <net/netlink.h>

#include "glue.h"

struct rtnl_link_ops;
struct rtnl_newlink_params;
struct attribute_group;

/* glue.c */
/* The table Rust registered (set before the link kind exists). */
const struct bondrs_rust_ops *bondrs_ops(void);
/* The Rust state of a bonding_rs bond, NULL for any other device (or one
 * whose state is not made yet). */
void *bondrs_bond_rust(const struct net_device *dev);
/* The Rust slave behind @dev's rx handler data if its rx handler is
 * bonding_rs's, else NULL; RCU or RTNL held. */
void *bondrs_slave_rust_rcu(const struct net_device *dev);

/* netlink.c: bond_netlink.c's rtnl_link_ops members. */
extern const struct nla_policy bondrs_policy[];
extern const struct nla_policy bondrs_slave_policy[];
int bondrs_nl_validate(struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack);
int bondrs_nl_newlink(struct net_device *dev, struct rtnl_newlink_params *params,
		      struct netlink_ext_ack *extack);
int bondrs_nl_changelink(struct net_device *dev, struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack);
int bondrs_nl_slave_changelink(struct net_device *bond_dev, struct net_device *slave_dev,
			       struct nlattr *tb[], struct nlattr *data[],
			       struct netlink_ext_ack *extack);
size_t bondrs_nl_get_size(const struct net_device *dev);
int bondrs_nl_fill_info(struct sk_buff *skb, const struct net_device *dev);
size_t bondrs_nl_get_slave_size(const struct net_device *bond_dev,
				const struct net_device *slave_dev);
int bondrs_nl_fill_slave_info(struct sk_buff *skb, const struct net_device *bond_dev,
			      const struct net_device *slave_dev);
size_t bondrs_nl_get_linkxstats_size(const struct net_device *dev, int attr);
int bondrs_nl_fill_linkxstats(struct sk_buff *skb, const struct net_device *dev,
			      int *prividx, int attr);

/* sysfs.c: /sys/class/net/<bond>/bonding/ (bond_prepare_sysfs_group()). */
extern const struct attribute_group bondrs_bonding_group;

#endif
