"use strict";(self.rspackChunknmt_course_quiz=self.rspackChunknmt_course_quiz||[]).push([[0],{13(t,e,n){var a=n(14),r=n.n(a),o=n(15),i=(n.n(o))()(r());i.push([t.id,`/*
 * nmt-course-quiz: answer forms above quiz answer cells.
 *
 * Long options wrap beside their button and never overlap; the focus ring is
 * 3 px, at least 3:1 against the background in the light and dark themes;
 * nothing relies on colour alone (the status line has a word and a sign).
 */

:root {
  --nmt-af-focus: #1a56db; /* 6.4:1 on white */
  --nmt-af-border: #6b7280; /* 4.8:1 on white: controls' edges are visible */
  --nmt-af-background: var(--jp-layout-color1, #fff);
  --nmt-af-panel: var(--jp-layout-color2, #f3f4f6);
  --nmt-af-text: var(--jp-ui-font-color0, #111);
  --nmt-af-muted: var(--jp-ui-font-color1, #374151);
  --nmt-af-chosen: #e8efff;
}

[data-jp-theme-light='false'] {
  --nmt-af-focus: #8ab4f8; /* 8:1 on #111 */
  --nmt-af-border: #9ca3af;
  --nmt-af-chosen: #1e3a8a;
}

.nmt-answer-form {
  box-sizing: border-box;
  margin: 4px 0 6px calc(var(--jp-cell-collapser-width, 8px) + var(--jp-cell-prompt-width, 64px));
  padding: 10px 12px 8px;
  max-width: 820px;
  border: 1px solid var(--nmt-af-border);
  border-left: 5px solid var(--nmt-af-focus);
  border-radius: 4px;
  background: var(--nmt-af-background);
  color: var(--nmt-af-text);
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-ui-font-size1, 14px);
  line-height: 1.45;
}

.nmt-answer-form * {
  box-sizing: border-box;
}

.nmt-af-title {
  margin-bottom: 6px;
  font-weight: 600;
  font-size: 1.05em;
}

.nmt-af-foot {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 6px 12px;
  margin-top: 8px;
}

.nmt-af-button {
  min-height: 32px;
  padding: 3px 10px;
  border: 1px solid var(--nmt-af-border);
  border-radius: 4px;
  background: var(--nmt-af-panel);
  color: var(--nmt-af-text);
  font: inherit;
  cursor: pointer;
}

.nmt-af-button:disabled {
  opacity: 0.45;
  cursor: default;
}

.nmt-answer-form :is(input, select, textarea, button, li[tabindex]):focus-visible {
  outline: 3px solid var(--nmt-af-focus);
  outline-offset: 2px;
}

.nmt-af-choices {
  margin: 0;
  padding: 0;
  border: 0;
  min-width: 0;
}

.nmt-af-legend,
.nmt-af-hint,
.nmt-af-count {
  margin: 0 0 4px;
  padding: 0;
  color: var(--nmt-af-muted);
  font-size: 0.95em;
}

/* one option: its button, its letter, then its text, which wraps in its own column */
.nmt-af-option {
  display: grid;
  grid-template-columns: auto auto minmax(0, 1fr);
  align-items: start;
  gap: 8px;
  margin: 2px 0;
  padding: 6px 8px;
  border: 1px solid transparent;
  border-radius: 4px;
  cursor: pointer;
}

.nmt-af-option:hover {
  border-color: var(--nmt-af-border);
}

.nmt-af-option:has(input:checked) {
  border-color: var(--nmt-af-focus);
  background: var(--nmt-af-chosen);
}

.nmt-af-option input {
  width: 18px;
  height: 18px;
  margin: 2px 0 0;
  accent-color: var(--nmt-af-focus);
}

.nmt-af-letter {
  font-weight: 700;
  min-width: 1.2em;
}

.nmt-af-text {
  overflow-wrap: anywhere;
}

.nmt-af-order {
  margin: 0 0 6px;
  padding: 0;
  list-style: none;
}

.nmt-af-item {
  display: grid;
  grid-template-columns: 1.8em auto minmax(0, 1fr) auto auto;
  align-items: center;
  gap: 6px;
  margin: 3px 0;
  padding: 4px 6px;
  border: 1px solid var(--nmt-af-border);
  border-radius: 4px;
  background: var(--nmt-af-background);
}

.nmt-af-unanswered .nmt-af-item {
  border-style: dashed;
}

.nmt-af-position {
  font-weight: 700;
  text-align: right;
}

.nmt-af-position::after {
  content: '.';
}

.nmt-af-move-up,
.nmt-af-move-down {
  min-width: 36px;
  font-weight: 700;
}

.nmt-af-pair {
  display: grid;
  grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
  align-items: center;
  gap: 4px 12px;
  margin: 4px 0;
}

.nmt-af-prompt {
  display: grid;
  grid-template-columns: auto minmax(0, 1fr);
  gap: 6px;
}

.nmt-af-select,
.nmt-answer-form input[type='number'],
.nmt-answer-form input[type='search'],
.nmt-answer-form textarea {
  min-height: 32px;
  max-width: 100%;
  padding: 4px 6px;
  border: 1px solid var(--nmt-af-border);
  border-radius: 4px;
  background: var(--nmt-af-background);
  color: var(--nmt-af-text);
  font: inherit;
}

.nmt-af-select {
  width: 100%;
}

.nmt-af-number,
.nmt-af-search,
.nmt-af-textarea {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 6px 8px;
}

.nmt-af-textarea {
  align-items: stretch;
  flex-direction: column;
}

.nmt-answer-form input[type='number'] {
  width: 10em;
}

.nmt-answer-form input[type='search'] {
  width: min(22em, 100%);
}

.nmt-answer-form textarea {
  width: 100%;
  resize: vertical;
}

.nmt-af-prompt-text {
  font-weight: 600;
}

.nmt-af-unit {
  font-weight: 600;
}

.nmt-af-regions {
  width: min(34em, 100%);
  max-height: 16em;
  margin: 2px 0 0;
  padding: 2px 6px;
  overflow-y: auto;
  border: 1px solid var(--nmt-af-border);
  border-radius: 4px;
}

.nmt-af-region-area {
  margin: 6px 0 2px;
  font-weight: 700;
}

.nmt-af-region {
  grid-template-columns: auto minmax(0, 1fr);
  padding: 3px 6px;
}

.nmt-af-option[hidden],
.nmt-af-region-group[hidden] {
  display: none;
}

.nmt-af-status {
  flex: 1 1 16em;
  margin: 0;
  color: var(--nmt-af-muted);
  overflow-wrap: anywhere;
}

.nmt-answer-form[data-state='unreadable'] .nmt-af-status {
  color: var(--nmt-af-text);
  font-weight: 600;
}

.nmt-af-status code {
  padding: 0 3px;
  border-radius: 3px;
  background: var(--nmt-af-panel);
  font-family: var(--jp-code-font-family, monospace);
}

.nmt-af-visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}

/* the answer cell itself stays visible, small, under its form */
.nmt-answer-cell .jp-InputArea-editor {
  font-size: 0.92em;
}

@media (max-width: 600px) {
  .nmt-answer-form {
    margin-left: 0;
    padding: 8px;
  }

  .nmt-af-pair {
    grid-template-columns: minmax(0, 1fr);
  }
}

/* ipywidgets controls: a visible focus ring too (the keys are kept for them by the extension) */
.jp-OutputArea-output .jupyter-widgets :is(button, input, select, textarea):focus-visible {
  outline: 3px solid var(--nmt-af-focus);
  outline-offset: 1px;
}
`,""]),n.d(e,{},{A:i})},15(t){t.exports=function(t){var e=[];return e.toString=function(){return this.map(function(e){var n="",a=void 0!==e[5];return e[4]&&(n+="@supports (".concat(e[4],") {")),e[2]&&(n+="@media ".concat(e[2]," {")),a&&(n+="@layer".concat(e[5].length>0?" ".concat(e[5]):""," {")),n+=t(e),a&&(n+="}"),e[2]&&(n+="}"),e[4]&&(n+="}"),n}).join("")},e.i=function(t,n,a,r,o){"string"==typeof t&&(t=[[null,t,void 0]]);var i={};if(a)for(var s=0;s<this.length;s++){var p=this[s][0];null!=p&&(i[p]=!0)}for(var m=0;m<t.length;m++){var f=[].concat(t[m]);a&&i[f[0]]||(void 0!==o&&(void 0===f[5]||(f[1]="@layer".concat(f[5].length>0?" ".concat(f[5]):""," {").concat(f[1],"}")),f[5]=o),n&&(f[2]&&(f[1]="@media ".concat(f[2]," {").concat(f[1],"}")),f[2]=n),r&&(f[4]?(f[1]="@supports (".concat(f[4],") {").concat(f[1],"}"),f[4]=r):f[4]="".concat(r)),e.push(f))}},e}},14(t){t.exports=function(t){return t[1]}},7(t){var e=[];function n(t){for(var n=-1,a=0;a<e.length;a++)if(e[a].identifier===t){n=a;break}return n}function a(t,a){for(var r={},o=[],i=0;i<t.length;i++){var s=t[i],p=a.base?s[0]+a.base:s[0],m=r[p]||0,f="".concat(p," ").concat(m);r[p]=m+1;var d=n(f),c={css:s[1],media:s[2],sourceMap:s[3],supports:s[4],layer:s[5]};if(-1!==d)e[d].references++,e[d].updater(c);else{var l=function(t,e){var n=e.domAPI(e);return n.update(t),function(e){e?(e.css!==t.css||e.media!==t.media||e.sourceMap!==t.sourceMap||e.supports!==t.supports||e.layer!==t.layer)&&n.update(t=e):n.remove()}}(c,a);a.byIndex=i,e.splice(i,0,{identifier:f,updater:l,references:1})}o.push(f)}return o}t.exports=function(t,r){var o=a(t=t||[],r=r||{});return function(t){t=t||[];for(var i=0;i<o.length;i++){var s=n(o[i]);e[s].references--}for(var p=a(t,r),m=0;m<o.length;m++){var f=n(o[m]);0===e[f].references&&(e[f].updater(),e.splice(f,1))}o=p}}},9(t){var e={};t.exports=function(t,n){var a=function(t){if(void 0===e[t]){var n=document.querySelector(t);if(window.HTMLIFrameElement&&n instanceof window.HTMLIFrameElement)try{n=n.contentDocument.head}catch(t){n=null}e[t]=n}return e[t]}(t);if(!a)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");a.appendChild(n)}},11(t){t.exports=function(t){var e=document.createElement("style");return t.setAttributes(e,t.attributes),t.insert(e,t.options),e}},10(t,e,n){t.exports=function(t){var e=n.nc;e&&t.setAttribute("nonce",e)}},8(t){t.exports=function(t){if("u"<typeof document)return{update:function(){},remove:function(){}};var e=t.insertStyleElement(t);return{update:function(n){var a,r,o;a="",n.supports&&(a+="@supports (".concat(n.supports,") {")),n.media&&(a+="@media ".concat(n.media," {")),(r=void 0!==n.layer)&&(a+="@layer".concat(n.layer.length>0?" ".concat(n.layer):""," {")),a+=n.css,r&&(a+="}"),n.media&&(a+="}"),n.supports&&(a+="}"),(o=n.sourceMap)&&"u">typeof btoa&&(a+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(o))))," */")),t.styleTagTransform(a,e,t.options)},remove:function(){var t;null===(t=e).parentNode||t.parentNode.removeChild(t)}}}},12(t){t.exports=function(t,e){if(e.styleSheet)e.styleSheet.cssText=t;else{for(;e.firstChild;)e.removeChild(e.firstChild);e.appendChild(document.createTextNode(t))}}},6(t,e,n){var a=n(7),r=n.n(a),o=n(8),i=n.n(o),s=n(9),p=n.n(s),m=n(10),f=n.n(m),d=n(11),c=n.n(d),l=n(12),u=n.n(l),x=n(13),h={};h.styleTagTransform=u(),h.setAttributes=f(),h.insert=p().bind(null,"head"),h.domAPI=i(),h.insertStyleElement=c(),r()(x.A,h),x.A&&x.A.locals&&x.A.locals}}]);