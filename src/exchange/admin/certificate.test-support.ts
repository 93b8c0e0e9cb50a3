/** A self-signed EC client certificate valid until 2126, made with openssl for tests (no private key kept). */
export const testCertificatePem = `-----BEGIN CERTIFICATE-----
MIIBtTCCAVugAwIBAgIUbK3MjaKcbI4RYEwz4qPFxH+w2IMwCgYIKoZIzj0EAwIw
LzEUMBIGA1UEAwwLdGVzdC1jbGllbnQxFzAVBgNVBAoMDk9uZVdpbmRvdyB0ZXN0
MCAXDTI2MTEyODIwMTUwNVoYDzIxMjYxMTA0MjAxNTA1WjAvMRQwEgYDVQQDDAt0
ZXN0LWNsaWVudDEXMBUGA1UECgwOT25lV2luZG93IHRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQ187seccAYYFRHr/vE44urTcGav6pb7relMwHIU7dcMV+t
ms5ujru42StaLlGWPYI1KroTMwV60Mo8jAdBAVhRo1MwUTAdBgNVHQ4EFgQUS3vn
qZcw4/DQfObfB79up5PNlpEwHwYDVR0jBBgwFoAUS3vnqZcw4/DQfObfB79up5PN
lpEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBl+bBUX015hrDf
/WKsEbosSvJQh1/wDCfi5tlx1sfHtwIhAIPzd0Q/3/PeVtvFPt71iDQFYJC189+/
WblTThSQJibn
-----END CERTIFICATE-----
`;
/** `openssl x509 -noout -fingerprint -sha256` of it, lower case without colons: computed by a real peer, not by our code. */
export const testCertificateFingerprint = '01c0a5a37b763c8abd40335fc4597f2b6fc83d29d13b2f11aab9a81456431972';
export const testCertificateNotAfter = '2126-11-04T20:15:05.000Z';
