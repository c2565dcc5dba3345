module.exports = {
  root: "./docs",
  title: "Not read",
  variables: require("./variables.json"),
};
