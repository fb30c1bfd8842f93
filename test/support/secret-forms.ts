/**
 * Real-world ways a secret sits in the files ovnscope shows (oslo.config INI, SQLAlchemy and
 * oslo.messaging URLs, systemd drop-ins, /etc/default shell files). Each line carries a secret
 * that must never reach a viewer, and sometimes text that must stay (ovnscope reads it).
 */
export interface SecretForm {
  line: string;
  secrets: string[];
  kept?: string[];
}

export const SECRET_FORMS: SecretForm[] = [
  {
    line: "transport_url = rabbit://u:PWone1@h1:5672,u:PWtwo2@h2:5672//",
    secrets: ["PWone1", "PWtwo2"],
    kept: ["transport_url", "h2:5672//"],
  },
  {
    line: "connection = mysql+pymysql://neutron:ab/cdSLASH@db/neutron",
    secrets: ["ab/cdSLASH", "cdSLASH"],
    kept: ["@db/neutron"],
  },
  {
    line: "connection = mysql+pymysql://neutron:p%40ssPCT%3Aw0rd@db/neutron?charset=utf8",
    secrets: ["p%40ssPCT", "w0rd"],
  },
  { line: "connection = mysql://neutron:paAT@ss:wCOLON@db/neutron", secrets: ["paAT", "wCOLON"] },
  {
    line: "auth_url = http://admin:AUTHurlPW@keystone:5000/v3",
    secrets: ["AUTHurlPW"],
    kept: ["keystone:5000/v3"],
  },
  { line: "password = s3cr3tPLAIN!", secrets: ["s3cr3tPLAIN"] },
  { line: "admin_password=hunterNOSPACE", secrets: ["hunterNOSPACE"] },
  { line: "PASSWORD = UPPERpw", secrets: ["UPPERpw"] },
  { line: "password: colonDELIM", secrets: ["colonDELIM"] },
  { line: "metadata_proxy_shared_secret = metaSECRET", secrets: ["metaSECRET"] },
  { line: "memcache_secret_key = memKEY", secrets: ["memKEY"] },
  { line: "auth_token = tokVALUE", secrets: ["tokVALUE"] },
  { line: "ovn_nb_private_key = /etc/neutron/nbPRIVATEkey.pem", secrets: ["nbPRIVATEkey"] },
  { line: "app_credential_secret=credSECRET", secrets: ["credSECRET"] },
  {
    line: 'Environment="OS_PASSWORD=envQUOTED pw" "OS_USERNAME=admin"',
    secrets: ["envQUOTED", "envQUOTED pw"],
    kept: ["OS_USERNAME=admin"],
  },
  { line: "Environment=OS_TOKEN=envTOKEN OTHER=1", secrets: ["envTOKEN"], kept: ["OTHER=1"] },
  { line: "export OS_PASSWORD='exportQUOTED'", secrets: ["exportQUOTED"] },
  {
    line: 'OVN_CTL_OPTS="--db-nb-create-insecure-remote=yes --ovn-nb-db-ssl-key=/etc/ovn/sslKEYPATH.pem --db-sb-create-insecure-remote=yes"',
    secrets: ["sslKEYPATH"],
    kept: ["--db-nb-create-insecure-remote=yes", "--db-sb-create-insecure-remote=yes"],
  },
];
