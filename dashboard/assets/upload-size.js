// dcc.Upload silently drops a file over its max_size; tell the lifter which file and the limit.
(function () {
  function sizeText(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(0) + " MB" : Math.ceil(bytes / 1024) + " KB";
  }
  function check(event) {
    var zone = event.target && event.target.closest ? event.target.closest("#upload") : null;
    var note = document.getElementById("upload-too-big");
    if (!zone || !note || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var limit = Number(note.getAttribute("data-max-bytes"));
    var files = event.dataTransfer ? event.dataTransfer.files : event.target.files;
    if (!files || !limit) { return; }
    var big = [];
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > limit) { big.push(files[i].name + " (" + sizeText(files[i].size) + ")"); }
    }
    window.dash_clientside.set_props("upload-too-big", {
      children: big.length ? "Too big to upload, not imported: " + big.join(", ") + ". The limit is " +
        sizeText(limit) + " per file." : null
    });
  }
  document.addEventListener("drop", check, true);
  document.addEventListener("change", check, true);
})();
