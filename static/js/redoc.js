// Starts ReDoc on the API reference page (templates/drf_spectacular/redoc.html) from a file, as the
// Content-Security-Policy wants: the schema's address and REDOC_UI_SETTINGS come from data attributes.
(function () {
  "use strict";

  // ReDoc's side menu shows Redocly's logo from cdn.redoc.ly, which img-src 'self' refuses (and no
  // option turns off). React writes an image's address twice, as an attribute and then as the src
  // property; both get an empty data: URL instead, which fails to load, so ReDoc drops the image and
  // keeps its text link, and the browser asks no outside host.
  function withoutOutsideLogo(address) {
    return /^https:\/\/cdn\.redoc\.ly\//.test(String(address)) ? "data:," : address;
  }
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (address) { src.set.call(this, withoutOutsideLogo(address)); },
  });
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    var isImageSource = this instanceof HTMLImageElement && String(name).toLowerCase() === "src";
    return setAttribute.call(this, name, isImageSource ? withoutOutsideLogo(value) : value);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("redoc-container");
    var systemFonts = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Noto Sans CJK JP", sans-serif';
    var options = {
      // The sticky bar with the link to Swagger UI: the side menu starts below it, links scroll past it.
      scrollYOffset: ".api-docs-switch",
      theme: {
        colors: { primary: { main: "#1f4fa3" } },
        // The system's fonts: ReDoc's default Roboto and Montserrat would come from Google.
        typography: {
          fontFamily: systemFonts,
          headings: { fontFamily: systemFonts },
          code: { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace' },
        },
      },
    };
    if (container.dataset.settings) {
      Object.assign(options, JSON.parse(container.dataset.settings));
    }
    window.Redoc.init(container.dataset.specUrl, options, container);
  });
})();
