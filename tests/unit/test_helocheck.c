/* helocheck: which rule a name breaks under greetwait-helo's options
 * (-d, -e, -l, the DNS time limit), on a table of real-world names; the
 * rules themselves are test_helo's.  The abusive names are the two quoted in
 * fanf's "more HELO statistics"; the legitimate ones are HELO names of
 * Google, Microsoft, Yahoo, AOL, Amazon SES, Apple, the bulk senders,
 * hosting providers and ISPs' own MTAs, as their Received lines show
 * them, and none of them may be flagged; nor may mail.example.SUFFIX for
 * any suffix of the Public Suffix List (Debian's publicsuffix package). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "helo.h"
#include "helocheck.h"
#include "ip.h"

#define S(x) x, strlen(x)

static const char *const abusive[] = {
    "Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.com"
    "louiskoo.comjpopmail.comtw60.186.213.104",
    "cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com",
};

static const char *const legitimate[] = {
    "mail-wr1-f41.google.com",
    "mail-wm1-f54.google.com",
    "mail-lf1-f47.google.com",
    "mail-ej1-f52.google.com",
    "mail-pl1-f176.google.com",
    "mail-pf1-f182.google.com",
    "mail-qk1-f179.google.com",
    "mail-qt1-f169.google.com",
    "mail-yb1-f178.google.com",
    "mail-io1-f72.google.com",
    "mail-oi1-f199.google.com",
    "mail-sor-f41.google.com",
    "mail-ua1-f45.google.com",
    "mail-ot1-f44.google.com",
    "mail-ed1-f50.google.com",
    "mail-yw1-f180.google.com",
    "mail-wr1-x42b.google.com",
    "mail-qv1-xf2c.google.com",
    "NAM10-MW2-obe.outbound.protection.outlook.com",
    "NAM12-DM6-obe.outbound.protection.outlook.com",
    "NAM11-BN8-obe.outbound.protection.outlook.com",
    "NAM02-SN1-obe.outbound.protection.outlook.com",
    "EUR05-AM6-obe.outbound.protection.outlook.com",
    "EUR04-DB3-obe.outbound.protection.outlook.com",
    "EUR02-VE1-obe.outbound.protection.outlook.com",
    "EUR03-DBA-obe.outbound.protection.outlook.com",
    "APC01-SG2-obe.outbound.protection.outlook.com",
    "APC01-PSA-obe.outbound.protection.outlook.com",
    "JPN01-TYC-obe.outbound.protection.outlook.com",
    "IND01-MAX-obe.outbound.protection.outlook.com",
    "AUS01-SY4-obe.outbound.protection.outlook.com",
    "CAN01-QB1-obe.outbound.protection.outlook.com",
    "BRA01-CP2-obe.outbound.protection.outlook.com",
    "GBR01-CWL-obe.outbound.protection.outlook.com",
    "FRA01-PR2-obe.outbound.protection.outlook.com",
    "DEU01-FR2-obe.outbound.protection.outlook.com",
    "CHE01-ZR0-obe.outbound.protection.outlook.com",
    "mail-bn8nam12on2061.outbound.protection.outlook.com",
    "mail-dm6nam10on2104.outbound.protection.outlook.com",
    "mail-am6eur05on2084.outbound.protection.outlook.com",
    "mail-db8eur05olkn2017.outbound.protection.outlook.com",
    "mail-oln040092011026.outbound.protection.outlook.com",
    "mail-co1nam11on2049.outbound.protection.outlook.com",
    "BN8NAM12FT045.eop-nam12.prod.protection.outlook.com",
    "DM6PR11MB4107.namprd11.prod.outlook.com",
    "AM0PR04MB6161.eurprd04.prod.outlook.com",
    "PH0PR11MB4888.namprd11.prod.outlook.com",
    "COL004-OMC1S10.hotmail.com",
    "BAY004-OMC2S5.hotmail.com",
    "DUB004-OMC4S2.hotmail.com",
    "sonic301-20.consmr.mail.ne1.yahoo.com",
    "sonic314-19.consmr.mail.gq1.yahoo.com",
    "sonic307-8.consmr.mail.bf2.yahoo.com",
    "sonic317-33.consmr.mail.ir2.yahoo.com",
    "sonic306-2.consmr.mail.sg3.yahoo.com",
    "sonic.gate.mail.ne1.yahoo.com",
    "nm21-vm3.bullet.mail.ir2.yahoo.com",
    "nm11.bullet.mail.bf1.yahoo.com",
    "omr-m04.mx.aol.com",
    "omr-a001e.mx.aol.com",
    "a8-30.smtp-out.amazonses.com",
    "a48-93.smtp-out.amazonses.com",
    "a27-150.smtp-out.us-west-2.amazonses.com",
    "e226-55.smtp-out.us-west-2.amazonses.com",
    "e242-8.smtp-out.eu-west-1.amazonses.com",
    "b224-13.smtp-out.eu-central-1.amazonses.com",
    "e234-57.smtp-out.eu-north-1.amazonses.com",
    "a11-22.smtp-out.ap-southeast-2.amazonses.com",
    "ec2-54-240-8-30.compute-1.amazonaws.com",
    "ec2-3-120-1-2.eu-central-1.compute.amazonaws.com",
    "ip-10-0-1-23.us-west-2.compute.internal",
    "ip-172-31-16-12.ec2.internal",
    "smtp-fw-6002.amazon.com",
    "smtp-fw-80006.amazon.com",
    "ms11p00im-qufo17291301.me.com",
    "st43p00im-ztdg10063201.me.com",
    "mr85p00im-ztdg06021801.me.com",
    "pv50p00im-zteg10011401.me.com",
    "mail180-18.suw21.mandrillapp.com",
    "mail9.us4.mandrillapp.com",
    "mail132-5.atl131.mcsv.net",
    "wrqvxsfp.outbound-mail.sendgrid.net",
    "xvfrdxxn.outbound-mail.sendgrid.net",
    "ismtpd0006p1lon1.sendgrid.net",
    "o11.ptr2367.example.com",
    "m228-12.mailgun.net",
    "so254-12.mailgun.net",
    "rs224.mailgun.us",
    "sc-ord-mta117.mtasv.net",
    "mta-209-117.sparkpostmail.com",
    "mta-72-152.sparkpostmail.com",
    "smtp07-ia4-sp3.mta.salesforce.com",
    "smtp11-ph2-sp3.mta.salesforce.com",
    "o12.p25.mailjet.com",
    "smtp-relay.sendinblue.com",
    "ccm27.constantcontact.com",
    "sender4-op-o12.zoho.com",
    "sender-of-o51.zoho.eu",
    "out1-smtp.messagingengine.com",
    "wout3-smtp.messagingengine.com",
    "fhigh-b5-smtp.messagingengine.com",
    "fout-a1-smtp.messagingengine.com",
    "mail-4322.protonmail.ch",
    "mail-40131.protonmail.ch",
    "mail-0201.mail-europe.com",
    "w1.tutanota.de",
    "us-smtp-delivery-1.mimecast.com",
    "eu-smtp-delivery-151.mimecast.com",
    "us-smtp-delivery-124.mimecast.com",
    "mx0a-00123401.pphosted.com",
    "mx0b-001b2d01.pphosted.com",
    "mx0a-0016f401.pphosted.com",
    "outbound-ip1a.ess.barracuda.com",
    "esa1.hc1234-56.iphmx.com",
    "rcdn-iport-1.cisco.com",
    "alln-iport-3.cisco.com",
    "mail1.bemta25.messagelabs.com",
    "mail6.bemta8.messagelabs.com",
    "out-21.smtp.github.com",
    "out-28.smtp.github.com",
    "66-220-155-178.mail-mail.facebook.com",
    "spring-chicken-ac.twitter.com",
    "mout.kundenserver.de",
    "mout.perfora.net",
    "mo4-p00-ob.smtp.rzone.de",
    "mo6-p00-ob.smtp.rzone.de",
    "smtp.strato.de",
    "h2934582.stratoserver.net",
    "10.mo548.mail-out.ovh.net",
    "6.mo1.mail-out.ovh.net",
    "ns3012345.ip-51-68-1.eu",
    "vps-1a2b3c4d.vps.ovh.net",
    "static.88-198-24-108.clients.your-server.de",
    "www123.your-server.de",
    "p3plsmtpa07-01.prod.phx3.secureserver.net",
    "a2plsmtp01-02.prod.iad2.secureserver.net",
    "p3nlsmtpcp01-02.prod.phx3.secureserver.net",
    "gproxy1-pub.mail.unifiedlayer.com",
    "box5123.bluehost.com",
    "gateway32.websitewelcome.com",
    "pdx1-sub0-mail-a20.g.dreamhost.com",
    "server123.web-hosting.com",
    "c12345.sgvps.net",
    "li123-45.members.linode.com",
    "smtp123.iad.emailsrvr.com",
    "smtp91.ord1d.emailsrvr.com",
    "mailrelay1-1.pub.mailoutpod1-cph3.one.com",
    "fr-int-smtpout1.hostinger.io",
    "vps12345.inmotionhosting.com",
    "mx2f12.netcup.net",
    "lvps5-35-240-101.dedicated.hosteurope.de",
    "wp123.webpack.hosteurope.de",
    "vmi123456.contaboserver.net",
    "dd12345.kasserver.com",
    "smtp.infomaniak.ch",
    "relay.mailbaby.net",
    "mail.gandi.net",
    "mx.netsolmail.net",
    "resqmta-po-01v.sys.comcast.net",
    "resdmta-c1p-023579.sys.comcast.net",
    "resomta-ch2-05v.sys.comcast.net",
    "omta04.emeryville.ca.mail.comcast.net",
    "fed1rmmtao102.cox.net",
    "cdptpa-cmomta02.email.rr.com",
    "dnvrco-cmomta01.email.rr.com",
    "re-prd-fep-046.btinternet.com",
    "know-smtprelay-omc-9.server.virginmedia.net",
    "mailout03.t-online.de",
    "fwd71.aul.t-online.de",
    "mout.gmx.net",
    "mout.gmx.com",
    "mout.web.de",
    "smtp.smtpout.orange.fr",
    "smtp-13.smtpout.orange.fr",
    "smtp1-g21.free.fr",
    "smtp22.services.sfr.fr",
    "smtp-17.iol.local",
    "nschwotgx02p.mx.bigpond.com",
    "smtp.netcologne.de",
    "smtp.comporium.net",
    "mail.compuserve.com",
    "cvsmtppost010.nm.naver.com",
    "smtpbgau1.qq.com",
    "out203-205-221-233.mail.qq.com",
    "m15114.mail.126.com",
    "m12-11.163.com",
    "mail-m121144.qiye.163.com",
    "out30-130.freemail.mail.aliyun.com",
    "forward500b.mail.yandex.net",
    "forward100a.mail.yandex.ru",
    "f123.i.mail.ru",
    "smtp45.i.mail.ru",
    "fallback22.i.mail.ru",
    "mta-snd00003.nifty.com",
    "mail.example.ne.jp",
    "mail.example.co.jp",
    "mx.example.or.jp",
    "smtp.example.com.au",
    "mx.example.edu.au",
    "smtp.example.net.au",
    "mx1.example.com.br",
    "relay.example.com.tw",
    "mail.example.com.cn",
    "mail.example.org.uk",
    "mail.example.co.uk",
    "mail.example.ac.nz",
    "ppsw-30.csi.cam.ac.uk",
    "ppsw-41.srv.uis.cam.ac.uk",
    "relay1.mail.ox.ac.uk",
    "outgoing-stata.csail.mit.edu",
    "smtp1.stanford.edu",
    "bendel.debian.org",
    "stravinsky.debian.org",
    "smtp.kernel.org",
    "sin.source.kernel.org",
    "mail.example.org",
    "mail.example.com.",
    "EXCH01",
    "localhost.localdomain",
    "[192.0.2.7]",
    "[IPv6:2001:db8::7]",
};
#define LEGITIMATE (sizeof legitimate / sizeof *legitimate)

/* Honest names shaped like a rule's target, kept as the rule's limits. */
static const char *const near_misses[] = {
    "smtp.comms.netgear.com", /* two com/net labels */
    "mailhost.comp.netlab.example.ac.uk",
    "smtp.mail.compute.network.example.com.au.",
    "mail.netcom.com.tw", /* com before a country code */
    "ec2-54-240-8-30.compute-1.amazonaws.com",
    "omta04.emeryville.ca.mail.comcast.net",
    "host-60.186.213.104", /* an address after a hyphen, not glued */
    "mail.example.ne.jp",
};

/* A DNS that knows every name has name servers. */
static enum nsquery_answer dns_all(const char *name, size_t len, unsigned long t, const char **e)
{
	(void)name, (void)len, (void)t, (void)e;
	return NSQUERY_FOUND;
}

/* The names asked of dns_table, and its answers: "com" and "test" have
 * name servers, good.test too; "empty.test" exists without them (a
 * registry's empty level); names that begin with "slow" get no answer in
 * time; no other name exists. */
static char asked[4][64];
static int nasked;
static enum nsquery_answer dns_table(const char *name, size_t len, unsigned long t, const char **e)
{
	(void)t;
	if (nasked < 4 && len < 64) {
		memcpy(asked[nasked], name, len);
		asked[nasked++][len] = 0;
	}
	if ((len == 3 && !memcmp(name, "com", 3)) || (len == 4 && !memcmp(name, "test", 4)) ||
	    (len == 9 && !memcmp(name, "good.test", 9)))
		return NSQUERY_FOUND;
	if (len == 10 && !memcmp(name, "empty.test", 10))
		return NSQUERY_NODATA;
	if (len >= 4 && !memcmp(name, "slow", 4)) {
		*e = "DNS query timed out";
		return NSQUERY_FAILED;
	}
	return NSQUERY_NXDOMAIN;
}

static enum helo_reason classify(const struct helocheck_config *c, const char *name,
				 const char *client, helocheck_ask ask)
{
	struct ip ip = {0};
	const char *error;
	if (client)
		assert_true(ip_parse(&ip, client));
	return helocheck_classify(c, name, strlen(name), client ? &ip : 0, ask, &error);
}

static void test_legitimate_pass_every_rule(void **state)
{
	struct helocheck_config c;
	unsigned int concatenated = 0;
	(void)state;
	helocheck_defaults(&c);
	c.rules |= HELOCHECK_RULE(HELO_LITERAL_MISMATCH);
	for (size_t k = 0; k < LEGITIMATE; k++) {
		const char *n = legitimate[k];
		concatenated += (unsigned int)helo_is_concatenated(S(n));
		if (helocheck_classify(&c, S(n), 0, dns_all, &(const char *){0}) != HELO_OK)
			fail_msg("legitimate name flagged: %s (%s)", n,
				 helocheck_word(classify(&c, n, 0, dns_all)));
	}
	print_message("concatenated: %u of %zu legitimate names flagged\n", concatenated,
		      LEGITIMATE);
	assert_int_equal(concatenated, 0);
	assert_true(LEGITIMATE >= 200);
	for (size_t k = 0; k < sizeof near_misses / sizeof *near_misses; k++)
		assert_int_equal(classify(&c, near_misses[k], 0, dns_all), HELO_OK);
}

#define PSL "/usr/share/publicsuffix/public_suffix_list.dat"

static void test_public_suffixes(void **state)
{
	struct helocheck_config c;
	char line[256], name[300];
	unsigned int suffixes = 0, flagged = 0;
	FILE *f = fopen(PSL, "r");
	(void)state;
	if (!f)
		fail_msg("cannot read %s: install Debian's publicsuffix (tests/deps.sh)", PSL);
	helocheck_defaults(&c);
	c.rules &= ~HELOCHECK_RULE(HELO_TOO_LONG);
	while (fgets(line, sizeof line, f)) {
		char *suffix = line;
		size_t n = strcspn(line, " \t\r\n");
		int ascii = 1;
		line[n] = 0;
		if (!n || !strncmp(line, "//", 2))
			continue;
		for (size_t i = 0; i < n; i++)
			ascii &= (unsigned char)line[i] < 0x80;
		if (!ascii)
			continue; /* a HELO name would carry it in punycode */
		if (!strncmp(suffix, "*.", 2))
			suffix += 2;
		else if (*suffix == '!')
			suffix++;
		snprintf(name, sizeof name, "mail.example.%s", suffix);
		suffixes++;
		if (classify(&c, name, 0, dns_all) != HELO_OK) {
			print_message("flagged: %s\n", name);
			flagged++;
		}
	}
	fclose(f);
	print_message("public suffixes: %u of %u flagged\n", flagged, suffixes);
	assert_true(suffixes > 5000);
	assert_int_equal(flagged, 0);
}

static void test_abusive(void **state)
{
	struct helocheck_config c;
	(void)state;
	helocheck_defaults(&c);
	for (int k = 0; k < 2; k++)
		assert_int_equal(classify(&c, abusive[k], 0, dns_all), HELO_TOO_LONG);
	/* each rule catches them on its own */
	c.rules &= ~HELOCHECK_RULE(HELO_TOO_LONG);
	assert_int_equal(classify(&c, abusive[0], 0, dns_all), HELO_CONCATENATED);
	assert_int_equal(classify(&c, abusive[1], 0, dns_all), HELO_CONCATENATED);
	c.rules &= ~HELOCHECK_RULE(HELO_CONCATENATED);
	assert_int_equal(classify(&c, abusive[0], 0, dns_all), HELO_OK);
}

static void test_dotted_quads(void **state)
{
	struct helocheck_config c;
	(void)state;
	helocheck_defaults(&c);
	assert_int_equal(classify(&c, "192.0.2.7", 0, dns_all), HELO_BARE_IP);
	assert_int_equal(classify(&c, "2001:db8::7", 0, dns_all), HELO_BARE_IP);
	assert_int_equal(classify(&c, "[192.0.2.7]", "192.0.2.8", dns_all), HELO_OK);
	c.rules |= HELOCHECK_RULE(HELO_LITERAL_MISMATCH);
	assert_int_equal(classify(&c, "[192.0.2.7]", "192.0.2.7", dns_all), HELO_OK);
	assert_int_equal(classify(&c, "[192.0.2.7]", "::ffff:192.0.2.7", dns_all), HELO_OK);
	assert_int_equal(classify(&c, "[192.0.2.7]", "192.0.2.8", dns_all), HELO_LITERAL_MISMATCH);
	assert_int_equal(classify(&c, "[10.0.0.5]", "192.0.2.8", dns_all), HELO_LITERAL_MISMATCH);
	assert_int_equal(classify(&c, "[IPv6:2001:db8::7]", "2001:db8::7", dns_all), HELO_OK);
	assert_int_equal(classify(&c, "[IPv6:2001:db8::7]", "2001:db8::8", dns_all),
			 HELO_LITERAL_MISMATCH);
	assert_int_equal(classify(&c, "[IPv6:2001:db8::7]", "192.0.2.7", dns_all),
			 HELO_LITERAL_MISMATCH);
	/* without the client's address there is nothing to compare */
	assert_int_equal(classify(&c, "[192.0.2.7]", 0, dns_all), HELO_OK);
	c.rules &= ~HELOCHECK_RULE(HELO_BARE_IP);
	assert_int_equal(classify(&c, "192.0.2.7", 0, dns_all), HELO_OK);
}

static void test_lengths(void **state)
{
	struct helocheck_config c;
	char name[64];
	(void)state;
	helocheck_defaults(&c);
	/* mail.example.com padded in its first label to 54, 55, 56 characters */
	for (size_t len = 54; len <= 56; len++) {
		memset(name, 'a', len - 12);
		memcpy(name + len - 12, ".example.com", 13);
		assert_int_equal(strlen(name), len);
		assert_int_equal(classify(&c, name, 0, dns_all),
				 len >= 55 ? HELO_TOO_LONG : HELO_OK);
	}
	/* Yandex's inner relays are named at exactly the limit */
	assert_int_equal(
	    classify(&c, "mail-nwsmtp-smtp-production-main-45.vla.yp-c.yandex.net", 0, dns_all),
	    HELO_TOO_LONG);
	c.long_limit = 64;
	assert_int_equal(
	    classify(&c, "mail-nwsmtp-smtp-production-main-45.vla.yp-c.yandex.net", 0, dns_all),
	    HELO_OK);
	c.long_limit = 4;
	assert_int_equal(classify(&c, "a.bc", 0, 0), HELO_TOO_LONG);
	assert_int_equal(classify(&c, "a.b", 0, 0), HELO_OK);
	c.rules &= ~HELOCHECK_RULE(HELO_TOO_LONG);
	memset(name, 'a', 60);
	name[60] = 0;
	assert_int_equal(classify(&c, name, 0, dns_all), HELO_OK);
}

static void test_double_dot(void **state)
{
	struct helocheck_config c;
	(void)state;
	helocheck_defaults(&c);
	assert_int_equal(classify(&c, "mail..example.com", 0, dns_all), HELO_DOUBLE_DOT);
	assert_int_equal(classify(&c, "mail.example.com..", 0, dns_all), HELO_DOUBLE_DOT);
	assert_int_equal(classify(&c, "mail.example.com.", 0, dns_all), HELO_OK);
	c.rules &= ~HELOCHECK_RULE(HELO_DOUBLE_DOT);
	assert_int_equal(classify(&c, "mail..example.com", 0, 0), HELO_OK);
}

static void test_bogus_sld(void **state)
{
	struct helocheck_config c;
	const char *error;
	(void)state;
	helocheck_defaults(&c);
	nasked = 0;
	assert_int_equal(classify(&c, "mail.example.test", 0, dns_table), HELO_BOGUS_SLD);
	assert_int_equal(nasked, 2);
	assert_string_equal(asked[0], "test");
	assert_string_equal(asked[1], "example.test");
	nasked = 0;
	assert_int_equal(classify(&c, "mail.good.test", 0, dns_table), HELO_OK);
	assert_int_equal(classify(&c, "host.local", 0, dns_table), HELO_OK); /* TLD without NS */
	assert_int_equal(classify(&c, "mail.example.empty.test", 0, dns_table), HELO_OK);
	nasked = 0;
	assert_int_equal(classify(&c, "host.example.slow", 0, dns_table), HELO_OK);
	assert_int_equal(nasked, 1);
	/* a failure on the second question passes too, and says why */
	nasked = 0;
	assert_int_equal(helocheck_classify(&c, S("mail.slow.com"), 0, dns_table, &error), HELO_OK);
	assert_int_equal(nasked, 2);
	assert_string_equal(error, "DNS query timed out");
	assert_int_equal(helocheck_classify(&c, S("mail.x.slow"), 0, dns_table, &error), HELO_OK);
	assert_string_equal(error, "DNS query timed out");
	assert_int_equal(helocheck_classify(&c, S("mail.good.test"), 0, dns_table, &error),
			 HELO_OK);
	assert_null(error);
	/* the cheap rules come first, and addresses are never looked up */
	nasked = 0;
	assert_int_equal(classify(&c, "a..example.test", 0, dns_table), HELO_DOUBLE_DOT);
	assert_int_equal(classify(&c, "[192.0.2.7]", 0, dns_table), HELO_OK);
	assert_int_equal(classify(&c, "localhost", 0, dns_table), HELO_OK);
	assert_int_equal(nasked, 0);
	c.rules &= ~HELOCHECK_RULE(HELO_BOGUS_SLD);
	assert_int_equal(classify(&c, "mail.example.test", 0, dns_table), HELO_OK);
	assert_int_equal(nasked, 0);
}

static void test_words(void **state)
{
	(void)state;
	for (int r = 1; r < HELO_REASONS; r++)
		assert_int_equal(helocheck_rule(helocheck_word((enum helo_reason)r)), r);
	assert_string_equal(helocheck_word(HELO_OK), "ok");
	assert_int_equal(helocheck_rule("ok"), HELO_OK);
	assert_int_equal(helocheck_rule("bogus"), HELO_OK);
	assert_int_equal(helocheck_rule("too-long"), HELO_TOO_LONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_legitimate_pass_every_rule),
	    cmocka_unit_test(test_public_suffixes),
	    cmocka_unit_test(test_abusive),
	    cmocka_unit_test(test_dotted_quads),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_double_dot),
	    cmocka_unit_test(test_bogus_sld),
	    cmocka_unit_test(test_words),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
