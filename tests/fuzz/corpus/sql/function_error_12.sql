SELECT log(0);
