// Small progressive enhancements; every page works without JavaScript.
// Reason boxes show how many characters are left (the server enforces the limit).
document.querySelectorAll("textarea[maxlength]").forEach(function (box) {
  var counter = document.createElement("div");
  counter.className = "quiet small";
  box.insertAdjacentElement("afterend", counter);
  function update() {
    counter.textContent = (box.maxLength - box.value.length) + " characters left";
  }
  box.addEventListener("input", update);
  update();
});
